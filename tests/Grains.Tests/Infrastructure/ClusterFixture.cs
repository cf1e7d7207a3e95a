using OrleansRegistry.TestKit;

namespace OrleansRegistry.Grains.Tests.Infrastructure;

/// <summary>
/// One registry cluster shared by the tests of <see cref="ClusterCollection"/>: starting a silo costs seconds,
/// and tests keep apart by using repositories and uploads of their own (see <see cref="Names"/>).
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();
    private RegistryCluster? _cluster;

    internal RegistryCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster has not started");

    public async Task InitializeAsync()
    {
        _cluster = await RegistryCluster.StartAsync(_directory.Path);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        _directory.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "registry cluster";
}
