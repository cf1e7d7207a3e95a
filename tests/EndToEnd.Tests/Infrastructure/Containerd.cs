using System.Diagnostics;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A private containerd daemon (its own root, state and socket; the CRI plugin off) and <c>ctr</c> against it.
/// containerd's registry client is the one BuildKit, nerdctl and Kubernetes nodes pull with; it asks the token
/// endpoint with the OAuth2 form (<c>POST</c>) first. Images are unpacked with the native snapshotter, which needs
/// no kernel overlay support.
/// </summary>
internal sealed class Containerd : IAsyncDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);

    private readonly Clients _clients;
    private readonly ChildProcess _daemon;
    private readonly string _socket;

    private Containerd(Clients clients, string directory)
    {
        _clients = clients;
        _socket = Path.Combine(directory, "containerd.sock");
        var config = Path.Combine(directory, "config.toml");
        File.WriteAllText(config, $"""
            version = 2
            root = "{Path.Combine(directory, "root")}"
            state = "{Path.Combine(directory, "state")}"
            disabled_plugins = ["io.containerd.grpc.v1.cri"]
            [grpc]
              address = "{_socket}"
            """);
        _daemon = new ChildProcess(
            "containerd", ToolLocator.Require("containerd"), ["--config", config], new Dictionary<string, string>(), Path.Combine(directory, "containerd.log"));
    }

    public static async Task<Containerd> StartAsync(Clients clients, string directory)
    {
        Directory.CreateDirectory(directory);
        var containerd = new Containerd(clients, directory);
        containerd._daemon.Start();
        var waited = Stopwatch.StartNew();
        while ((await Cli.TryRunAsync("ctr", ["--address", containerd._socket, "version"])).ExitCode != 0)
        {
            containerd._daemon.ThrowIfExited();
            if (waited.Elapsed > StartupTimeout)
            {
                throw new TimeoutException($"containerd did not answer within {StartupTimeout.TotalSeconds:0} s.\n{containerd._daemon.LogTail()}");
            }

            await Task.Delay(200);
        }

        return containerd;
    }

    public Task<CliResult> CtrAsync(params string[] args) => _clients.RunAsync("ctr", ["--address", _socket, .. args]);

    public Task<CliResult> TryCtrAsync(params string[] args) => _clients.RunAsync("ctr", ["--address", _socket, .. args], expectSuccess: false);

    /// <summary>The manifest digest containerd recorded for an image it pulled or tagged.</summary>
    public async Task<string> ImageDigestAsync(string reference)
    {
        var listing = (await CtrAsync("images", "ls")).StandardOutput;
        var line = listing.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .FirstOrDefault(columns => columns.Length > 2 && columns[0] == reference)
            ?? throw new InvalidOperationException($"containerd has no image {reference}:\n{listing}");
        return line[2];
    }

    public string LogTail() => _daemon.LogTail();

    public ValueTask DisposeAsync() => _daemon.DisposeAsync();
}
