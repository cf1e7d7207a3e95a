using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Tests.Infrastructure;

namespace OrleansRegistry.Grains.Tests.Repositories;

/// <summary>
/// The OCI 1.1 referrers API: the manifests whose <c>subject</c> is a digest, optionally filtered by artifact type.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ReferrersTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Cluster.Grains;
    private readonly RepositoryName _name = Names.Repository("referrers");

    private IRepositoryGrain Repository => _grains.Repository(_name);

    [Fact]
    public async Task Get_referrers_lists_the_manifests_whose_subject_is_the_digest()
    {
        var subject = TestManifests.Image();
        var unrelated = TestManifests.Image();
        var signature = TestManifests.Referrer(subject.Digest, TestManifests.SignatureType);
        var sbom = TestManifests.Referrer(subject.Digest, TestManifests.SbomType);
        var otherSignature = TestManifests.Referrer(unrelated.Digest, TestManifests.SignatureType);
        foreach (var manifest in new[] { subject, unrelated, signature, sbom, otherSignature })
        {
            await Repository.PutManifestAsync(manifest, []);
        }

        var referrers = await Repository.GetReferrersAsync(subject.Digest, null);

        Assert.Equal(new[] { signature.Digest, sbom.Digest }.Select(d => d.ToString()).Order(StringComparer.Ordinal), referrers.Select(r => r.Digest.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Get_referrers_carry_what_the_referrers_list_shows()
    {
        // The gateway builds the referrers index from these records alone: type, size, artifact type, annotations.
        var subject = TestManifests.Image();
        var signature = TestManifests.Referrer(subject.Digest, TestManifests.SignatureType);
        await Repository.PutManifestAsync(signature, []);

        var referrer = Assert.Single(await Repository.GetReferrersAsync(subject.Digest, null));

        Assert.Equal(signature.MediaType, referrer.MediaType);
        Assert.Equal(signature.Size, referrer.Size);
        Assert.Equal(TestManifests.SignatureType, referrer.ArtifactType);
        Assert.Equal(signature.Annotations, referrer.Annotations);
    }

    [Fact]
    public async Task Get_referrers_filtered_by_artifact_type_lists_only_that_type()
    {
        var subject = TestManifests.Image();
        var signature = TestManifests.Referrer(subject.Digest, TestManifests.SignatureType);
        await Repository.PutManifestAsync(signature, []);
        await Repository.PutManifestAsync(TestManifests.Referrer(subject.Digest, TestManifests.SbomType), []);

        var referrers = await Repository.GetReferrersAsync(subject.Digest, TestManifests.SignatureType);

        Assert.Equal([signature.Digest], referrers.Select(r => r.Digest));
    }

    [Fact]
    public async Task Get_referrers_filtered_by_a_type_nobody_has_is_empty()
    {
        var subject = TestManifests.Image();
        await Repository.PutManifestAsync(TestManifests.Referrer(subject.Digest, TestManifests.SbomType), []);

        Assert.Empty(await Repository.GetReferrersAsync(subject.Digest, "application/vnd.example.none"));
    }

    [Fact]
    public async Task Get_referrers_of_a_digest_nothing_refers_to_is_empty()
    {
        var subject = TestManifests.Image();
        await Repository.PutManifestAsync(subject, "v1");

        Assert.Empty(await Repository.GetReferrersAsync(subject.Digest, null));
    }

    [Fact]
    public async Task Get_referrers_before_the_subject_is_pushed_lists_the_referrer()
    {
        // Signatures may be pushed before (or without) the image they sign.
        var subjectDigest = TestManifests.NewDigest();
        var signature = TestManifests.Referrer(subjectDigest, TestManifests.SignatureType);
        await Repository.PutManifestAsync(signature, []);

        Assert.Equal([signature.Digest], (await Repository.GetReferrersAsync(subjectDigest, null)).Select(r => r.Digest));
    }

    [Fact]
    public async Task Get_referrers_in_another_repository_is_empty()
    {
        var subject = TestManifests.Image();
        await Repository.PutManifestAsync(TestManifests.Referrer(subject.Digest, TestManifests.SignatureType), []);

        var other = _grains.Repository(Names.Repository("other"));

        Assert.Empty(await other.GetReferrersAsync(subject.Digest, null));
    }
}
