using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Tests.Infrastructure;

namespace OrleansRegistry.Grains.Tests.Repositories;

/// <summary>
/// Deleting a tag removes only the name; deleting a manifest removes it with every tag that points at it, and
/// takes it out of its subject's referrers.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ManifestDeletionTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Cluster.Grains;
    private readonly RepositoryName _name = Names.Repository("deletion");

    private IRepositoryGrain Repository => _grains.Repository(_name);

    [Fact]
    public async Task DeleteTag_keeps_the_manifest_reachable_by_digest()
    {
        var manifest = TestManifests.Image();
        await Repository.PutManifestAsync(manifest, "v1");

        await Repository.DeleteTagAsync("v1");

        Assert.Equal(manifest.Digest, (await Repository.GetManifestAsync(manifest.Digest)).Digest);
        await GrainAssert.RefusedAsync(RegistryErrorCode.ManifestUnknown, () => Repository.GetManifestAsync("v1"));
        Assert.Empty((await Repository.ListTagsAsync(null, 10))!.Items);
    }

    [Fact]
    public async Task DeleteTag_keeps_other_tags_of_the_same_manifest()
    {
        var manifest = TestManifests.Image();
        await Repository.PutManifestAsync(manifest, "v1");
        await Repository.PutManifestAsync(manifest, "latest");

        await Repository.DeleteTagAsync("v1");

        Assert.Equal(manifest.Digest, (await Repository.GetManifestAsync("latest")).Digest);
        Assert.Equal(["latest"], (await Repository.ListTagsAsync(null, 10))!.Values());
    }

    [Fact]
    public async Task DeleteTag_that_does_not_exist_throws_manifest_unknown()
    {
        await Repository.PutManifestAsync(TestManifests.Image(), "v1");

        await GrainAssert.RefusedAsync(RegistryErrorCode.ManifestUnknown, () => Repository.DeleteTagAsync("v2"));
    }

    [Fact]
    public async Task DeleteManifest_removes_every_tag_pointing_at_it_and_no_other()
    {
        var doomed = TestManifests.Image();
        var kept = TestManifests.Image();
        await Repository.PutManifestAsync(doomed, "v1");
        await Repository.PutManifestAsync(doomed, "latest");
        await Repository.PutManifestAsync(kept, "v2");

        await Repository.DeleteManifestAsync(doomed.Digest);

        await GrainAssert.RefusedAsync(RegistryErrorCode.ManifestUnknown, () => Repository.GetManifestAsync(doomed.Digest));
        await GrainAssert.RefusedAsync(RegistryErrorCode.ManifestUnknown, () => Repository.GetManifestAsync("latest"));
        Assert.Equal(["v2"], (await Repository.ListTagsAsync(null, 10))!.Values());
        Assert.Equal(kept.Digest, (await Repository.GetManifestAsync("v2")).Digest);
    }

    [Fact]
    public async Task DeleteManifest_that_does_not_exist_throws_manifest_unknown()
    {
        await GrainAssert.RefusedAsync(RegistryErrorCode.ManifestUnknown, () => Repository.DeleteManifestAsync(TestManifests.NewDigest()));
    }

    [Fact]
    public async Task DeleteManifest_takes_it_out_of_its_subjects_referrers()
    {
        var subject = TestManifests.Image();
        var signature = TestManifests.Referrer(subject.Digest, TestManifests.SignatureType);
        var sbom = TestManifests.Referrer(subject.Digest, TestManifests.SbomType);
        await Repository.PutManifestAsync(subject, "v1");
        await Repository.PutManifestAsync(signature, []);
        await Repository.PutManifestAsync(sbom, []);

        await Repository.DeleteManifestAsync(signature.Digest);

        Assert.Equal([sbom.Digest], (await Repository.GetReferrersAsync(subject.Digest, null)).Select(r => r.Digest));
    }

    [Fact]
    public async Task DeleteManifest_leaves_its_blobs_linked()
    {
        // Blobs may be shared by other manifests; reclaiming them is a collector's job, not a delete's.
        var blob = TestManifests.NewBlob(42);
        await Repository.LinkBlobAsync(blob.Digest, blob.Size);
        var manifest = TestManifests.Image(blob);
        await Repository.PutManifestAsync(manifest, []);

        await Repository.DeleteManifestAsync(manifest.Digest);

        Assert.Equal(42, await Repository.GetBlobAsync(blob.Digest));
    }

    [Fact]
    public async Task DeleteManifest_then_put_it_again_makes_it_visible_again()
    {
        var manifest = TestManifests.Image();
        await Repository.PutManifestAsync(manifest, "v1");
        await Repository.DeleteManifestAsync(manifest.Digest);

        await Repository.PutManifestAsync(manifest, "v1");

        Assert.Equal(manifest.Digest, (await Repository.GetManifestAsync("v1")).Digest);
    }
}
