using System.Diagnostics;
using System.Net;
using OrleansRegistry.EndToEnd.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.EndToEnd.Tests.PullThrough;

/// <summary>
/// CNCF Distribution (Debian's <c>docker-registry</c>) as an upstream of the pull-through cache, or as the registry
/// a migration starts from, with htpasswd authentication: anonymous requests get <c>401</c> with a Basic challenge,
/// as a private registry answers.
/// </summary>
internal sealed class DistributionUpstream : IAsyncDisposable
{
    public const string User = "upstream-user";
    public const string Password = "upstream-Passw0rd";

    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);

    private readonly ChildProcess _process;

    private DistributionUpstream(string directory, ChildProcess process, int port)
    {
        Directory = directory;
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string HostPort => $"127.0.0.1:{Port}";

    public Uri BaseUrl => new($"http://{HostPort}/");

    /// <summary>Where it keeps its blobs; the tests look in it only to check that nothing was written.</summary>
    public string Directory { get; }

    /// <param name="storage">Where it keeps its storage tree; by default a directory of its own under <paramref name="directory"/>.</param>
    public static async Task<DistributionUpstream> StartAsync(Clients clients, string directory, DistributionStorage? storage = null)
    {
        storage ??= DistributionStorage.FileSystem(Path.Combine(directory, "data"));
        System.IO.Directory.CreateDirectory(directory);
        var htpasswd = Path.Combine(directory, "htpasswd");
        await clients.RunAsync("htpasswd", ["-B", "-b", "-c", htpasswd, User, Password]);
        var port = LoopbackPort.Free();
        var config = Path.Combine(directory, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: info
            storage:
            {storage.Yaml}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{port}
            auth:
              htpasswd:
                realm: e2e-upstream
                path: {htpasswd}
            """);
        // Its S3 driver panics at start when AWS_CA_BUNDLE names a bundle, even with the filesystem driver.
        var environment = new Dictionary<string, string> { ["AWS_CA_BUNDLE"] = "" };
        var process = new ChildProcess("docker-registry", ToolLocator.Require("docker-registry"), ["serve", config], environment, Path.Combine(directory, "registry.log"));
        process.Start();
        var upstream = new DistributionUpstream(directory, process, port);
        await upstream.WaitUntilReadyAsync();
        return upstream;
    }

    /// <summary>
    /// Pushes an OCI layout's tag (or with <paramref name="all"/>, a whole index) to <paramref name="repositoryAndTag"/>
    /// with the upstream's credentials.
    /// </summary>
    public Task PushAsync(Clients clients, string source, string repositoryAndTag, bool all = false) =>
        clients.SkopeoAsync([
            "copy", .. (all ? ["--all"] : Array.Empty<string>()), "--dest-tls-verify=false", "--dest-creds", $"{User}:{Password}",
            source, $"docker://{HostPort}/{repositoryAndTag}",
        ]);

    /// <summary>The manifest (or index) bytes exactly as it serves them.</summary>
    public async Task<byte[]> InspectRawAsync(Clients clients, string repositoryAndTagOrDigest) =>
        (await clients.SkopeoAsync("inspect", "--raw", "--tls-verify=false", "--creds", $"{User}:{Password}", $"docker://{HostPort}/{repositoryAndTagOrDigest}"))
        .StandardOutputBytes;

    public string LogTail() => _process.LogTail();

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (true)
        {
            _process.ThrowIfExited();
            try
            {
                using var response = await http.GetAsync(new Uri(BaseUrl, "v2/"));
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (waited.Elapsed > StartupTimeout)
            {
                throw new TimeoutException($"docker-registry did not answer within {StartupTimeout.TotalSeconds:0} s.\n{_process.LogTail()}");
            }

            await Task.Delay(100);
        }
    }
}
