using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Tests.Infrastructure;
using OrleansRegistry.Metadata;
using OrleansRegistry.Metadata.Sqlite;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Grains.Tests.Persistence;

/// <summary>
/// One writer per repository, held by the store and not only by the runtime: once another activation has opened a
/// repository (after a failover or a partition), the old one can change nothing. It goes, and the caller's retry
/// reaches the current one.
/// </summary>
public sealed class StaleActivationTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_repository_opened_elsewhere_refuses_the_old_activations_writes_and_the_retry_succeeds()
    {
        await using var cluster = await RegistryCluster.StartAsync(_directory.Path);
        var name = RepositoryName.Parse("fenced/app");
        var repository = cluster.Grains.Repository(name);
        await repository.PutManifestAsync(TestManifests.Image(), "v1");

        // Another activation of the same repository takes over, as one on another silo would.
        using (var elsewhere = new SqliteEntryStore(Path.Combine(_directory.Path, "grains", "metadata.db")))
        {
            await elsewhere.OpenAsync(new EntryOwner("repository", name.Value), default);
        }

        var stale = TestManifests.Image();
        await GrainAssert.RefusedAsync(RegistryErrorCode.Unavailable, () => repository.PutManifestAsync(stale, "v2"));

        await GrainAssert.RefusedAsync(RegistryErrorCode.ManifestUnknown, () => repository.GetManifestAsync("v2"));
        var retried = TestManifests.Image();
        await repository.PutManifestAsync(retried, "v2");
        Assert.Equal(retried.Digest, (await repository.GetManifestAsync("v2")).Digest);
        Assert.Equal(["v1", "v2"], (await repository.ListTagsAsync(null, 10)).Values());
    }
}
