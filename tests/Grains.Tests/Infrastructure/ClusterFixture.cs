using System.Globalization;
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

/// <summary>
/// A cluster with a retention policy per kind of repository (see <see cref="Names.Repository"/>, which prefixes
/// names with <c>tests/</c>): <c>keep-*</c> keeps the last <see cref="KeepLast"/> tags besides <c>v*</c> and
/// <c>latest</c>; <c>aged-*</c> deletes tags older than <see cref="MaxAge"/>; <c>pulled-*</c> too, but keeps those
/// pulled within an hour; <c>untagged-*</c> deletes untagged manifests at once. Other repositories follow no policy.
/// <c>quota-*</c> repositories may hold <see cref="QuotaBytes"/> and <see cref="QuotaTags"/> tags.
/// </summary>
public sealed class PolicyClusterFixture() : RegistryClusterFixture(new Dictionary<string, string?>
{
    ["Registry:Retention:PullRecordInterval"] = "00:00:01",
    ["Registry:Retention:Policies:0:Repositories"] = "tests/keep-*",
    ["Registry:Retention:Policies:0:KeepLast"] = KeepLast.ToString(CultureInfo.InvariantCulture),
    ["Registry:Retention:Policies:0:Protect:0"] = "v*",
    ["Registry:Retention:Policies:0:Protect:1"] = "latest",
    ["Registry:Retention:Policies:1:Repositories"] = "tests/aged-*",
    ["Registry:Retention:Policies:1:DeleteOlderThan"] = MaxAge.ToString(),
    ["Registry:Retention:Policies:2:Repositories"] = "tests/pulled-*",
    ["Registry:Retention:Policies:2:DeleteOlderThan"] = MaxAge.ToString(),
    ["Registry:Retention:Policies:2:KeepPulledWithin"] = "01:00:00",
    ["Registry:Retention:Policies:3:Repositories"] = "tests/untagged-*",
    ["Registry:Retention:Policies:3:UntaggedManifestAge"] = "00:00:00",
    ["Registry:Quotas:Limits:0:Repositories"] = "tests/quota-*",
    ["Registry:Quotas:Limits:0:MaxBytes"] = QuotaBytes.ToString(CultureInfo.InvariantCulture),
    ["Registry:Quotas:Limits:0:MaxTags"] = QuotaTags.ToString(CultureInfo.InvariantCulture),
})
{
    public const long QuotaBytes = 3000;

    public const long QuotaTags = 3;

    public const int KeepLast = 3;

    /// <summary>Long enough that a tag pushed just before a run is never too old, on however slow a machine.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(3);
}

[CollectionDefinition(Name)]
public sealed class PolicyClusterCollection : ICollectionFixture<PolicyClusterFixture>
{
    public const string Name = "registry cluster with retention policies and quotas";
}
