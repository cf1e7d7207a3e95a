using System.Net;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Tests.Infrastructure;

namespace OrleansRegistry.Grains.Tests.Repositories;

/// <summary>
/// A manifest becomes visible only once everything it references is in the repository: its blobs, linked with
/// the sizes it declares, and for an index its child manifests.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ManifestPutTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Cluster.Grains;
    private readonly RepositoryName _name = Names.Repository("manifests");

    private IRepositoryGrain Repository => _grains.Repository(_name);

    [Fact]
    public async Task PutManifest_with_every_blob_linked_is_reachable_by_tag_and_by_digest()
    {
        var config = TestManifests.NewBlob(10);
        var layer = TestManifests.NewBlob(1000);
        await Repository.LinkBlobAsync(config.Digest, config.Size);
        await Repository.LinkBlobAsync(layer.Digest, layer.Size);
        var manifest = TestManifests.Image(config, layer);

        await Repository.PutManifestAsync(manifest, "v1");

        var byTag = await Repository.GetManifestAsync("v1");
        var byDigest = await Repository.GetManifestAsync(manifest.Digest);
        Assert.Equal(manifest.Digest, byTag.Digest);
        Assert.Equal(manifest.MediaType, byTag.MediaType);
        Assert.Equal(manifest.Size, byTag.Size);
        Assert.Equal([config, layer], byTag.Blobs);
        Assert.Equal(manifest.Digest, byDigest.Digest);
    }

    [Fact]
    public async Task PutManifest_without_a_tag_is_reachable_by_digest_only()
    {
        var manifest = TestManifests.Image();

        await Repository.PutManifestAsync(manifest, []);

        Assert.Equal(manifest.Digest, (await Repository.GetManifestAsync(manifest.Digest)).Digest);
        Assert.Empty((await Repository.ListTagsAsync(null, 100))!.Items);
    }

    [Fact]
    public async Task A_manifest_put_with_several_tags_is_reachable_by_each_in_one_call()
    {
        var older = TestManifests.Image();
        var manifest = TestManifests.Image();
        await Repository.PutManifestAsync(older, "latest");

        await Repository.PutManifestAsync(manifest, "v1", "v1.0", "latest", "v1");

        foreach (var tag in new[] { "v1", "v1.0", "latest" })
        {
            Assert.Equal(manifest.Digest, (await Repository.GetManifestAsync(tag)).Digest);
        }

        Assert.Equal(["latest", "v1", "v1.0"], (await Repository.ListTagsAsync(null, 100))!.Items.Select(tag => tag.Value));
        Assert.Equal(older.Digest, (await Repository.GetManifestAsync(older.Digest)).Digest);
    }

    [Fact]
    public async Task PutManifest_with_a_blob_not_linked_throws_manifest_blob_unknown_and_stays_invisible()
    {
        var linked = TestManifests.NewBlob();
        var missing = TestManifests.NewBlob();
        await Repository.LinkBlobAsync(linked.Digest, linked.Size);
        var manifest = TestManifests.Image(linked, missing);

        var refusal = await GrainAssert.RefusedAsync(RegistryErrorCode.ManifestBlobUnknown, () => Repository.PutManifestAsync(manifest, "v1"));

        Assert.Contains(missing.Digest.ToString(), refusal.Detail);
        await GrainAssert.RefusedAsync(RegistryErrorCode.ManifestUnknown, () => Repository.GetManifestAsync(manifest.Digest));
        await GrainAssert.RefusedAsync(RegistryErrorCode.ManifestUnknown, () => Repository.GetManifestAsync("v1"));
    }

    [Fact]
    public async Task PutManifest_with_a_blob_linked_only_in_another_repository_throws_manifest_blob_unknown()
    {
        // Blobs are shared in storage but visible per repository: pushing a manifest cannot borrow another
        // repository's layers without a mount.
        var blob = TestManifests.NewBlob();
        await _grains.Repository(Names.Repository("elsewhere")).LinkBlobAsync(blob.Digest, blob.Size);

        await GrainAssert.RefusedAsync(
            RegistryErrorCode.ManifestBlobUnknown, () => Repository.PutManifestAsync(TestManifests.Image(blob), []));
    }

    [Fact]
    public async Task PutManifest_declaring_another_size_than_the_linked_blob_throws_manifest_invalid()
    {
        var blob = TestManifests.NewBlob(100);
        await Repository.LinkBlobAsync(blob.Digest, blob.Size);

        var refusal = await GrainAssert.RefusedAsync(
            RegistryErrorCode.ManifestInvalid, () => Repository.PutManifestAsync(TestManifests.Image(blob with { Size = 101 }), []));

        Assert.Contains(blob.Digest.ToString(), refusal.Detail);
    }

    [Fact]
    public async Task An_index_whose_child_is_not_in_the_repository_is_manifest_blob_unknown_naming_the_child()
    {
        // Distribution's code for a missing reference of any kind, answered 400, with the digest alone as detail.
        var present = TestManifests.Image();
        await Repository.PutManifestAsync(present, []);
        var missing = TestManifests.NewDigest();
        var index = TestManifests.Index(present.Digest, missing);

        var refusal = await GrainAssert.RefusedAsync(
            RegistryErrorCode.ManifestBlobUnknown, () => Repository.PutManifestAsync(index, "multi"), HttpStatusCode.BadRequest);

        Assert.Equal(missing.ToString(), refusal.Detail);
        await GrainAssert.RefusedAsync(RegistryErrorCode.ManifestUnknown, () => Repository.GetManifestAsync("multi"));
    }

    [Fact]
    public async Task Put_index_after_its_children_is_accepted()
    {
        var amd64 = TestManifests.Image();
        var arm64 = TestManifests.Image();
        await Repository.PutManifestAsync(amd64, []);
        await Repository.PutManifestAsync(arm64, []);
        var index = TestManifests.Index(amd64.Digest, arm64.Digest);

        await Repository.PutManifestAsync(index, "multi");

        Assert.Equal([amd64.Digest, arm64.Digest], (await Repository.GetManifestAsync("multi")).Children);
    }

    [Fact]
    public async Task PutManifest_under_a_tag_in_use_moves_the_tag()
    {
        var first = TestManifests.Image();
        var second = TestManifests.Image();
        await Repository.PutManifestAsync(first, "latest");

        await Repository.PutManifestAsync(second, "latest");

        Assert.Equal(second.Digest, (await Repository.GetManifestAsync("latest")).Digest);
        Assert.Equal(first.Digest, (await Repository.GetManifestAsync(first.Digest)).Digest);
    }

    [Fact]
    public async Task Get_manifest_of_an_unknown_tag_or_digest_throws_manifest_unknown_answered_as_404()
    {
        await Repository.PutManifestAsync(TestManifests.Image(), "v1");

        await GrainAssert.RefusedAsync(RegistryErrorCode.ManifestUnknown, () => Repository.GetManifestAsync("v2"), HttpStatusCode.NotFound);
        await GrainAssert.RefusedAsync(RegistryErrorCode.ManifestUnknown, () => Repository.GetManifestAsync(TestManifests.NewDigest()), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Get_manifest_of_a_repository_that_never_existed_throws_manifest_unknown()
    {
        var neverPushed = _grains.Repository(Names.Repository("never"));
        await GrainAssert.RefusedAsync(RegistryErrorCode.ManifestUnknown, () => neverPushed.GetManifestAsync("latest"));
    }
}
