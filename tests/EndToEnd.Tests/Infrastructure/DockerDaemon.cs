using System.Diagnostics;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A private Docker daemon (its own data root, exec root, socket and pid file; no bridge, no iptables, the vfs
/// storage driver, so it changes nothing on the machine) configured with one <c>registry-mirrors</c> entry, and
/// Debian's docker CLI against it. That CLI (docker.io 20.10) drives the daemon's built-in BuildKit with
/// <c>DOCKER_BUILDKIT=1</c>; newer CLIs would need the buildx plugin, which Debian 12 does not package.
/// </summary>
internal sealed class DockerDaemon : IAsyncDisposable
{
    /// <summary>The CLI of Debian's docker.io package (scripts/install-test-deps.sh installs it).</summary>
    private const string DockerCli = "/usr/bin/docker";

    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);

    private readonly Clients _clients;
    private readonly ChildProcess _daemon;
    private readonly string _host;

    private DockerDaemon(Clients clients, string directory, string mirrorHostPort)
    {
        _clients = clients;
        _host = $"unix://{Path.Combine(directory, "docker.sock")}";
        var config = Path.Combine(directory, "daemon.json");
        File.WriteAllText(config, $$"""
            { "registry-mirrors": ["http://{{mirrorHostPort}}"], "insecure-registries": ["{{mirrorHostPort}}"] }
            """);
        _daemon = new ChildProcess(
            "dockerd",
            ToolLocator.Require("dockerd"),
            [
                "--config-file", config, "-H", _host,
                "--data-root", Path.Combine(directory, "data"), "--exec-root", Path.Combine(directory, "exec"),
                "--pidfile", Path.Combine(directory, "docker.pid"),
                "--bridge", "none", "--iptables=false", "--ip-masq=false", "--storage-driver", "vfs",
            ],
            new Dictionary<string, string>(),
            Path.Combine(directory, "dockerd.log"));
    }

    /// <param name="mirrorHostPort">The registry the daemon asks first for every Docker Hub image.</param>
    public static async Task<DockerDaemon> StartAsync(Clients clients, string directory, string mirrorHostPort)
    {
        Directory.CreateDirectory(directory);
        var docker = new DockerDaemon(clients, directory, mirrorHostPort);
        docker._daemon.Start();
        var waited = Stopwatch.StartNew();
        while ((await Cli.TryRunAsync(DockerCli, ["-H", docker._host, "version"])).ExitCode != 0)
        {
            docker._daemon.ThrowIfExited();
            if (waited.Elapsed > StartupTimeout)
            {
                throw new TimeoutException($"dockerd did not answer within {StartupTimeout.TotalSeconds:0} s.\n{docker._daemon.LogTail()}");
            }

            await Task.Delay(200);
        }

        return docker;
    }

    public Task<CliResult> DockerAsync(params string[] args) => _clients.RunAsync(DockerCli, ["-H", _host, .. args]);

    /// <summary><c>docker build</c> with BuildKit, the daemon's own.</summary>
    public Task<CliResult> BuildAsync(string context, string tag) =>
        _clients.RunAsync(DockerCli, ["-H", _host, "build", "--progress", "plain", "-t", tag, context],
            environment: new Dictionary<string, string> { ["DOCKER_BUILDKIT"] = "1" });

    /// <summary>The manifest digest the daemon recorded for an image it pulled.</summary>
    public async Task<string> RepoDigestAsync(string reference)
    {
        var digest = (await DockerAsync("image", "inspect", "--format", "{{index .RepoDigests 0}}", reference)).StandardOutput.Trim();
        return digest[(digest.IndexOf('@') + 1)..];
    }

    public string LogTail() => _daemon.LogTail();

    public ValueTask DisposeAsync() => _daemon.DisposeAsync();
}
