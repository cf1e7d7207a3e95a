using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Abstractions.Usage;
using OrleansRegistry.Grains.Persistence;
using OrleansRegistry.Grains.Repositories;
using OrleansRegistry.Grains.Tests.Infrastructure;
using OrleansRegistry.Metadata;

namespace OrleansRegistry.Grains.Tests.Repositories;

/// <summary>
/// What a repository holds, as it answers for usage and quotas: its manifests, the blobs they reference (each once),
/// the blobs linked to it (referenced or not) and its tags, kept with every write and never counted from storage.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RepositoryUsageTests(ClusterFixture fixture)
{
    private readonly RegistryCluster _cluster = fixture.Cluster;
    private readonly IGrainFactory _grains = fixture.Cluster.Grains;

    [Fact]
    public async Task A_repository_counts_each_referenced_blob_once_and_every_linked_blob_and_tag()
    {
        var repository = _grains.Repository(Names.Repository("usage"));
        var shared = await _cluster.PushAsync(repository, 1000);
        var unique = await _cluster.PushAsync(repository, 2000);
        var abandoned = await _cluster.PushAsync(repository, 4000);
        var first = TestManifests.Image(shared, unique);
        var second = TestManifests.Image(shared);
        await repository.PutManifestAsync(first, "a");
        await repository.PutManifestAsync(second, "b", "c");

        var usage = await repository.GetUsageAsync();

        Assert.Equal(new RepositoryUsage(
            ManifestBytes: first.Size + second.Size,
            Manifests: 2,
            ReferencedBlobBytes: shared.Size + unique.Size,
            LinkedBlobBytes: shared.Size + unique.Size + abandoned.Size,
            LinkedBlobs: 3,
            Tags: 3), usage);
        Assert.Equal(first.Size + second.Size + shared.Size + unique.Size, usage!.Bytes);
    }

    [Fact]
    public async Task Deleting_a_manifest_takes_away_its_bytes_its_tags_and_the_blobs_only_it_referenced()
    {
        var repository = _grains.Repository(Names.Repository("usage"));
        var shared = await _cluster.PushAsync(repository, 1000);
        var unique = await _cluster.PushAsync(repository, 2000);
        var doomed = TestManifests.Image(shared, unique);
        var kept = TestManifests.Image(shared);
        await repository.PutManifestAsync(doomed, "doomed", "also-doomed");
        await repository.PutManifestAsync(kept, "kept");

        await repository.DeleteManifestAsync(doomed.Digest);
        await repository.DeleteTagAsync("kept");

        var usage = await repository.GetUsageAsync();
        Assert.Equal((kept.Size, 1L, shared.Size, 0L), (usage!.ManifestBytes, usage.Manifests, usage.ReferencedBlobBytes, usage.Tags));
        Assert.Equal(shared.Size + unique.Size, usage.LinkedBlobBytes);
    }

    [Fact]
    public async Task A_repository_that_does_not_exist_has_no_usage()
    {
        Assert.Null(await _grains.Repository(Names.Repository("usage-none")).GetUsageAsync());
    }

    [Fact]
    public async Task A_repository_written_before_usage_was_kept_is_counted_at_its_first_activation()
    {
        var name = Names.Repository("usage-before");
        var blob = TestManifests.NewBlob(1500);
        var image = TestManifests.Image(blob);
        await _cluster.WriteEntriesAsync(EntryOwners.Repository(name),
        [
            RepositoryEntries.Listed(), RepositoryEntries.ReferencesIndexed(), RepositoryEntries.PushTimesIndexed(), EntryChange.Put("meta", "layout", "entries"),
            RepositoryEntries.PutBlob(blob.Digest, blob.Size), .. RepositoryEntries.PutManifest(image), .. RepositoryEntries.PutTag(Tag.Parse("v1"), image.Digest),
        ]);

        var usage = await _grains.Repository(name).GetUsageAsync();

        Assert.Equal(new RepositoryUsage(image.Size, 1, blob.Size, blob.Size, 1, 1), usage);
    }
}
