using OrleansRegistry.Bench.Infrastructure;

namespace OrleansRegistry.Bench.Targets;

/// <summary>redis-server on a free port, as the cluster's membership and grain storage (append-only file on).</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private RedisServer(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int Pid => _process.Id;

    public static async Task<RedisServer> StartAsync(string root)
    {
        var port = Ports.Free();
        var dir = Path.Combine(root, "redis");
        Directory.CreateDirectory(dir);
        var process = ChildProcess.Start("redis", "redis-server",
            ["--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--dir", dir],
            new Dictionary<string, string?>(), Path.Combine(root, "redis.log"));
        for (var i = 0; i < 100; i++)
        {
            process.ThrowIfExited();
            var ping = await Shell.RunAsync("redis-cli", ["-p", port.ToString(), "ping"], check: false);
            if (ping.Output.Contains("PONG", StringComparison.Ordinal))
            {
                return new RedisServer(process, port);
            }

            await Task.Delay(100);
        }

        await process.DisposeAsync();
        throw new TimeoutException("redis-server did not answer PING within 10 s");
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}

/// <summary>
/// Ceph RGW started by scripts/s3-server.sh (mon + one OSD + radosgw) in a directory of the benchmark's own, on free
/// ports. <c>bluestore</c> keeps objects in a file, <c>memstore</c> in RAM (fine for the quick sizes only).
/// </summary>
public sealed class S3Server : IAsyncDisposable
{
    public const string AccessKey = "minioadmin";
    public const string SecretKey = "minioadmin";

    private readonly Dictionary<string, string> _environment;

    private S3Server(Dictionary<string, string> environment, int port)
    {
        _environment = environment;
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri Endpoint { get; }

    public string Store => _environment["OSD_STORE"];

    public static async Task<S3Server> StartAsync(string root, string store)
    {
        var port = Ports.Free();
        var environment = new Dictionary<string, string>
        {
            ["CEPH_DIR"] = Path.Combine(root, "ceph"),
            ["S3_PORT"] = port.ToString(),
            ["MON_PORT"] = Ports.Free().ToString(),
            ["OSD_STORE"] = store,
        };
        var server = new S3Server(environment, port);
        try
        {
            await Shell.RunAsync("bash", [Script, "start"], environment, timeout: TimeSpan.FromMinutes(3));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>The Ceph daemons' process ids, from their pid files (the script daemonizes them).</summary>
    public IEnumerable<WatchedProcess> Daemons()
    {
        foreach (var (daemon, role) in new[] { ("client.rgw", "radosgw"), ("osd.0", "ceph-osd") })
        {
            var pidFile = Path.Combine(_environment["CEPH_DIR"], "run", $"{daemon}.pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
            {
                yield return new WatchedProcess(role, pid);
            }
        }
    }

    public Task CreateBucketAsync(string bucket) =>
        Shell.RunAsync("curl", ["-sf", "-o", "/dev/null", "-X", "PUT", "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD",
            "--aws-sigv4", "aws:amz:us-east-1:s3", "--user", $"{AccessKey}:{SecretKey}", $"{Endpoint}{bucket}"]);

    public async ValueTask DisposeAsync() =>
        await Shell.RunAsync("bash", [Script, "stop"], _environment, check: false, timeout: TimeSpan.FromMinutes(1));

    private static string Script => Path.Combine(RepositoryRoot.Path, "scripts", "s3-server.sh");
}
