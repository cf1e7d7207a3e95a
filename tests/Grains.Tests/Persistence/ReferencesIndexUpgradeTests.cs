using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Persistence;
using OrleansRegistry.Grains.Repositories;
using OrleansRegistry.Grains.Tests.Infrastructure;
using OrleansRegistry.Metadata;

namespace OrleansRegistry.Grains.Tests.Persistence;

/// <summary>
/// A repository written before the references indexes existed is indexed at its first activation, so the collector
/// weighs its blobs by every manifest that references them, old ones included.
/// </summary>
[Collection(CollectingClusterCollection.Name)]
public sealed class ReferencesIndexUpgradeTests(CollectingClusterFixture fixture)
{
    private readonly RegistryCluster _cluster = fixture.Cluster;
    private readonly IGrainFactory _grains = fixture.Cluster.Grains;

    [Fact]
    public async Task Deleting_one_of_two_old_manifests_collects_only_the_blob_the_other_does_not_reference()
    {
        var name = Names.Repository("before-references");
        var shared = await _cluster.StoreAsync();
        var unique = await _cluster.StoreAsync();
        await _grains.Blob(shared.Digest).LinkAsync(name, shared.Size);
        await _grains.Blob(unique.Digest).LinkAsync(name, unique.Size);
        var doomed = TestManifests.Image(shared, unique);
        var kept = TestManifests.Image(shared);
        await WriteWithoutReferencesAsync(name, [doomed, kept], [shared, unique]);

        var repository = _grains.Repository(name);
        await repository.DeleteManifestAsync(doomed.Digest);
        await _grains.RunToEndAsync();

        Assert.Equal(shared.Size, await repository.GetBlobAsync(shared.Digest));
        Assert.True(await _cluster.IsStoredAsync(shared.Digest));
        Assert.Null(await repository.GetBlobAsync(unique.Digest));
        Assert.False(await _cluster.IsStoredAsync(unique.Digest));
    }

    /// <summary>Entries as the code before the references indexes wrote them: each manifest tagged, its blobs linked.</summary>
    private async Task WriteWithoutReferencesAsync(OrleansRegistry.Core.Naming.RepositoryName name, ManifestRecord[] manifests, BlobLink[] blobs)
    {
        var changes = new List<EntryChange>
        {
            RepositoryEntries.Listed(),
            EntryChange.Put("meta", "layout", "entries"),
        };
        changes.AddRange(blobs.Select(blob => RepositoryEntries.PutBlob(blob.Digest, blob.Size)));
        for (var i = 0; i < manifests.Length; i++)
        {
            changes.AddRange(RepositoryEntries.PutManifest(manifests[i]));
            changes.AddRange(RepositoryEntries.PutTag(Names.Tag($"v{i}"), manifests[i].Digest));
        }

        await _cluster.WriteEntriesAsync(EntryOwners.Repository(name), changes);
    }
}
