using OrleansRegistry.Core.Errors;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Grains.Tests.Collection;

/// <summary>
/// What a repository gives up to the collector: blobs no manifest of it references, manifests nothing reaches (no
/// tag, no index, no live subject), and through them the bytes nothing else links. What anything still reaches
/// stays. Runs on a collector with no grace period and untagged manifests expiring at once.
/// </summary>
[Collection(CollectingClusterCollection.Name)]
public sealed class RepositorySweepTests(CollectingClusterFixture fixture)
{
    private readonly RegistryCluster _cluster = fixture.Cluster;
    private readonly IGrainFactory _grains = fixture.Cluster.Grains;
    private readonly IRepositoryGrain _repository = fixture.Cluster.Grains.Repository(Names.Repository("sweep"));

    [Fact]
    public async Task Deleting_an_image_frees_the_blobs_only_it_referenced_and_keeps_the_shared_ones()
    {
        var shared = await _cluster.PushAsync(_repository);
        var unique = await _cluster.PushAsync(_repository);
        var doomed = TestManifests.Image(shared, unique);
        var kept = TestManifests.Image(shared);
        await _repository.PutManifestAsync(doomed, "v1");
        await _repository.PutManifestAsync(kept, "v2");

        await _repository.DeleteManifestAsync(doomed.Digest);
        await _grains.RunToEndAsync();

        Assert.Null(await _repository.GetBlobAsync(unique.Digest));
        Assert.False(await _cluster.IsStoredAsync(unique.Digest));
        Assert.Equal(shared.Size, await _repository.GetBlobAsync(shared.Digest));
        Assert.True(await _cluster.IsStoredAsync(shared.Digest));
        Assert.Equal(kept.Digest, (await _repository.GetManifestAsync("v2")).Digest);
    }

    [Fact]
    public async Task Layers_of_a_push_that_never_put_its_manifest_are_collected()
    {
        var abandoned = await _cluster.PushAsync(_repository);

        await _grains.RunToEndAsync();

        Assert.Null(await _repository.GetBlobAsync(abandoned.Digest));
        Assert.False(await _cluster.IsStoredAsync(abandoned.Digest));
    }

    [Fact]
    public async Task A_manifest_whose_tag_moved_on_is_collected_and_the_tagged_one_stays()
    {
        var layer = await _cluster.PushAsync(_repository);
        var old = TestManifests.Image(layer);
        var current = TestManifests.Image(layer);
        await _repository.PutManifestAsync(old, "latest");
        await _repository.PutManifestAsync(current, "latest");

        var status = await _grains.RunToEndAsync();

        Assert.True(status.Tally.ManifestsDeleted >= 1);
        await GrainAssert.RefusedAsync(RegistryErrorCode.ManifestUnknown, () => _repository.GetManifestAsync(old.Digest));
        Assert.Equal(current.Digest, (await _repository.GetManifestAsync("latest")).Digest);
        Assert.True(await _cluster.IsStoredAsync(layer.Digest));
    }

    [Fact]
    public async Task Deleting_one_tag_of_a_manifest_other_tags_share_deletes_only_that_tag()
    {
        var manifest = TestManifests.Image(await _cluster.PushAsync(_repository));
        await _repository.PutManifestAsync(manifest, "v1");
        await _repository.PutManifestAsync(manifest, "stable");

        await _repository.DeleteTagAsync("v1");
        await _grains.RunToEndAsync();

        Assert.Equal(manifest.Digest, (await _repository.GetManifestAsync("stable")).Digest);
    }

    [Fact]
    public async Task Deleting_a_multi_arch_index_frees_the_children_no_one_else_uses()
    {
        var amd64 = TestManifests.Image(await _cluster.PushAsync(_repository));
        var arm64 = TestManifests.Image(await _cluster.PushAsync(_repository));
        await _repository.PutManifestAsync(amd64, []);
        await _repository.PutManifestAsync(arm64, "arm64-only");
        var index = TestManifests.Index(amd64.Digest, arm64.Digest);
        await _repository.PutManifestAsync(index, "v1");

        await _repository.DeleteManifestAsync(index.Digest);
        await _grains.RunToEndAsync();

        await GrainAssert.RefusedAsync(RegistryErrorCode.ManifestUnknown, () => _repository.GetManifestAsync(amd64.Digest));
        Assert.False(await _cluster.IsStoredAsync(amd64.Blobs[0].Digest));
        Assert.Equal(arm64.Digest, (await _repository.GetManifestAsync("arm64-only")).Digest);
    }

    [Fact]
    public async Task A_child_an_index_still_lists_stays_though_it_has_no_tag()
    {
        var child = TestManifests.Image(await _cluster.PushAsync(_repository));
        await _repository.PutManifestAsync(child, []);
        var index = TestManifests.Index(child.Digest);
        await _repository.PutManifestAsync(index, "v1");

        await _grains.RunToEndAsync();

        Assert.Equal(child.Digest, (await _repository.GetManifestAsync(child.Digest)).Digest);
        Assert.True(await _cluster.IsStoredAsync(child.Blobs[0].Digest));
    }

    [Fact]
    public async Task A_referrer_stays_while_its_subject_lives_and_goes_with_it()
    {
        var subject = TestManifests.Image(await _cluster.PushAsync(_repository));
        await _repository.PutManifestAsync(subject, "v1");
        var signature = TestManifests.Referrer(subject.Digest, TestManifests.SignatureType);
        await _repository.PutManifestAsync(signature, []);

        await _grains.RunToEndAsync();
        Assert.Equal(signature.Digest, (await _repository.GetManifestAsync(signature.Digest)).Digest);

        await _repository.DeleteManifestAsync(subject.Digest);
        await _grains.RunToEndAsync();
        await GrainAssert.RefusedAsync(RegistryErrorCode.ManifestUnknown, () => _repository.GetManifestAsync(signature.Digest));
    }

    [Fact]
    public async Task A_blob_pushed_again_after_its_collection_is_stored_and_linked_anew()
    {
        var content = TestContent.RandomBytes(1000);
        var blob = await _cluster.StoreAsync(content);
        await _repository.LinkBlobAsync(blob.Digest, blob.Size);
        await _grains.RunToEndAsync();
        Assert.Null(await _repository.GetBlobAsync(blob.Digest));

        // No "layer already exists": the client sees it missing, uploads it, and it is whole again.
        await _grains.Blob(blob.Digest).PrepareCommitAsync();
        await _cluster.StoreAsync(content);
        await _repository.LinkBlobAsync(blob.Digest, blob.Size);
        await _repository.PutManifestAsync(TestManifests.Image(blob), "v1");
        await _grains.RunToEndAsync();

        Assert.Equal(blob.Size, await _repository.GetBlobAsync(blob.Digest));
        Assert.True(await _cluster.IsStoredAsync(blob.Digest));
    }
}
