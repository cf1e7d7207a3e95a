using OrleansRegistry.TestKit;

namespace OrleansRegistry.Grains.Tests.Infrastructure;

/// <summary>
/// One registry cluster shared by the tests of <see cref="ClusterCollection"/>: starting a silo costs seconds,
/// and tests keep apart by using repositories and uploads of their own (see <see cref="Names"/>).
/// </summary>
public sealed class ClusterFixture() : RegistryClusterFixture(null);

/// <summary>A registry cluster on a data directory of its own, with settings over the test defaults.</summary>
public abstract class RegistryClusterFixture(IReadOnlyDictionary<string, string?>? settings) : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();
    private RegistryCluster? _cluster;

    internal RegistryCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster has not started");

    public async Task InitializeAsync()
    {
        _cluster = await RegistryCluster.StartAsync(_directory.Path, settings: settings);
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

/// <summary>
/// A cluster whose collector takes whatever is unreferenced at once (no grace period, no existence lease, untagged
/// manifests expire at once), so that a test sees a collection's effect in one run. A commit announced to a blob,
/// or a blob grain's activation, still holds the blob for <see cref="CommitLease"/>, longer than any commit and
/// link of a test takes.
/// </summary>
public sealed class CollectingClusterFixture() : RegistryClusterFixture(new Dictionary<string, string?>
{
    ["Registry:Collection:GracePeriod"] = "00:00:00",
    ["Registry:Collection:ExistenceLease"] = "00:00:00",
    ["Registry:Collection:UntaggedManifestAge"] = "00:00:00",
    ["Registry:Collection:CommitLease"] = CommitLease.ToString(),
})
{
    public static readonly TimeSpan CommitLease = TimeSpan.FromSeconds(2);
}

[CollectionDefinition(Name)]
public sealed class CollectingClusterCollection : ICollectionFixture<CollectingClusterFixture>
{
    public const string Name = "collecting registry cluster";
}
