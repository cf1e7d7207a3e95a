using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Infrastructure;

/// <summary>
/// A registry whose collector takes what is unreferenced at once (no grace period, no existence lease), and whose
/// commit leases last a second, so that a test sees a collection's effect without waiting long.
/// </summary>
public sealed class CollectingRegistryFixture : IAsyncLifetime
{
    public static readonly TimeSpan CommitLease = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Repositories that keep their last <see cref="KeepLast"/> tags, and those matching <c>v*</c>, and whose untagged
    /// manifests go with the next collection: a CI cache's policy.
    /// </summary>
    public const string KeepLastRepositories = "retention-keep/*";

    public const int KeepLast = 2;

    /// <summary>Repositories whose tags go <see cref="MaxAge"/> after their push.</summary>
    public const string AgedRepositories = "retention-aged/*";

    /// <summary>Repositories that may hold <see cref="QuotaBytes"/>: one image of <see cref="RegistryClient.PushImageAsync"/>, not two.</summary>
    public const string QuotaRepositories = "quota/*";

    public const long QuotaBytes = 2500;

    /// <summary>Long enough that a tag pushed just before a run is never too old, on however slow a machine.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(3);

    private readonly TemporaryDirectory _data = new();
    private RunningRegistry? _registry;

    public RegistryClient Client => Registry.Client;

    public RunningRegistry Registry => _registry ?? throw new InvalidOperationException("the registry is not started");

    /// <summary>Where the FileSystem driver keeps blobs, Distribution's layout.</summary>
    public string BlobsDirectory => Path.Combine(_data.Path, "storage", "docker", "registry", "v2", "blobs");

    public async Task InitializeAsync() => _registry = await RunningRegistry.StartAsync(
        _data.Path,
        "--Registry:Collection:GracePeriod=00:00:00",
        "--Registry:Collection:ExistenceLease=00:00:00",
        $"--Registry:Collection:CommitLease={CommitLease}",
        $"--Registry:Retention:Policies:0:Repositories={KeepLastRepositories}",
        $"--Registry:Retention:Policies:0:KeepLast={KeepLast}",
        "--Registry:Retention:Policies:0:Protect:0=v*",
        "--Registry:Retention:Policies:0:UntaggedManifestAge=00:00:00",
        $"--Registry:Retention:Policies:1:Repositories={AgedRepositories}",
        $"--Registry:Retention:Policies:1:DeleteOlderThan={MaxAge}",
        $"--Registry:Quotas:Limits:0:Repositories={QuotaRepositories}",
        $"--Registry:Quotas:Limits:0:MaxBytes={QuotaBytes}");

    public async Task DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        _data.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class CollectingRegistryCollection : ICollectionFixture<CollectingRegistryFixture>
{
    public const string Name = "collecting registry";
}
