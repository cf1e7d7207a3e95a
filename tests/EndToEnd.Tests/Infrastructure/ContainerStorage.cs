using OrleansRegistry.TestKit;

namespace OrleansRegistry.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A private containers/storage for buildah or podman, so that tests never touch (or depend on)
/// the machine's /var/lib/containers and never see each other's images.
/// </summary>
/// <remarks>
/// vfs is the one storage driver that works as root without fuse-overlayfs or kernel overlay
/// support in a container; podman additionally needs cgroupfs and a file events backend because
/// there is no systemd, and a run root of at most 50 characters.
/// </remarks>
internal sealed class ContainerStorage : IDisposable
{
    private readonly Clients _clients;
    private readonly string _tool;
    private readonly TemporaryDirectory _root;
    private readonly TemporaryDirectory _runRoot;

    private ContainerStorage(Clients clients, string tool)
    {
        _clients = clients;
        _tool = tool;
        _root = new TemporaryDirectory($"e2e-{tool}-root");
        _runRoot = new TemporaryDirectory($"e2e-{tool[0]}r");
    }

    public static ContainerStorage ForBuildah(Clients clients) => new(clients, "buildah");

    public static ContainerStorage ForPodman(Clients clients) => new(clients, "podman");

    public Task<CliResult> RunAsync(params string[] args) => _clients.RunAsync(_tool, [.. GlobalOptions(), .. args]);

    /// <summary>Runs the tool with further environment, e.g. <c>CONTAINERS_REGISTRIES_CONF</c>.</summary>
    public Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        _clients.RunAsync(_tool, [.. GlobalOptions(), .. args], environment: environment);

    public void Dispose()
    {
        _root.Dispose();
        _runRoot.Dispose();
    }

    private IEnumerable<string> GlobalOptions()
    {
        yield return "--root";
        yield return _root.Path;
        yield return "--runroot";
        yield return _runRoot.Path;
        yield return "--storage-driver";
        yield return "vfs";
        if (_tool == "podman")
        {
            yield return "--cgroup-manager";
            yield return "cgroupfs";
            yield return "--events-backend";
            yield return "file";
        }
    }
}
