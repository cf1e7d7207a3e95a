using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OrleansRegistry.Storage.S3.Tests;

/// <summary>
/// A real S3 server (Ceph RADOS Gateway) started by the repository's own script on free ports, one per test
/// collection, and stopped afterwards.
/// </summary>
public sealed class S3ServerFixture : IAsyncLifetime
{
    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), $"registry-s3-{Guid.NewGuid():N}");
    private readonly Dictionary<string, string> _environment = new();

    public string ServiceUrl { get; private set; } = "";

    public S3StorageOptions Options(string bucket) => new()
    {
        ServiceUrl = ServiceUrl,
        Bucket = bucket,
        AccessKey = "minioadmin",
        SecretKey = "minioadmin",
        PartSize = S3Limits.MinPartSize,
    };

    public async Task InitializeAsync()
    {
        var port = FreePort();
        _environment["S3_PORT"] = port.ToString();
        _environment["MON_PORT"] = FreePort().ToString();
        _environment["CEPH_DIR"] = _stateDirectory;
        await RunScriptAsync("start");
        ServiceUrl = $"http://127.0.0.1:{port}";
    }

    public Task DisposeAsync() => RunScriptAsync("stop");

    private async Task RunScriptAsync(string verb)
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "s3-server.sh");
        var start = new ProcessStartInfo("bash", [script, verb]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"scripts/s3-server.sh {verb} failed ({process.ExitCode}); run scripts/install-test-deps.sh first.\n{await output}\n{await errors}");
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OrleansRegistry.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("OrleansRegistry.sln not found above the test assembly");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class S3ServerCollection : ICollectionFixture<S3ServerFixture>
{
    public const string Name = "S3 server";
}
