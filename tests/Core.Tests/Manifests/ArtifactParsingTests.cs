using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Manifests;
using static OrleansRegistry.Core.Tests.Manifests.TestManifests;

namespace OrleansRegistry.Core.Tests.Manifests;

/// <summary>OCI 1.1 artifacts: an <c>artifactType</c>, the empty config, and a <c>subject</c> they refer to.</summary>
public sealed class ArtifactParsingTests
{
    private const string SignatureType = "application/vnd.example.signature.v1";

    [Fact]
    public void Parse_artifact_with_artifact_type_and_empty_config_keeps_the_artifact_type()
    {
        var json = OciManifest(
            config: Descriptor(MediaTypes.OciEmpty, EmptyDigest, 2),
            layers: "[" + Descriptor("application/vnd.example.payload", DigestOf('d'), 9) + "]",
            extra: $",\"artifactType\":\"{SignatureType}\"");

        var manifest = Parse(json);

        Assert.Equal(SignatureType, manifest.ArtifactType);
        Assert.Equal(MediaTypes.OciEmpty, manifest.Config!.MediaType);
        Assert.Equal(EmptyDigest, manifest.Config.Digest.ToString());
        Assert.Equal(2, manifest.Config.Size);
        // The empty config is a blob like any other: the client pushes it, and the registry must hold it.
        Assert.Equal([EmptyDigest, DigestOf('d')], manifest.RequiredBlobs.Select(d => d.Digest.ToString()));
    }

    [Fact]
    public void Parse_manifest_with_subject_reads_the_subject_descriptor()
    {
        var subject = Descriptor(MediaTypes.OciManifest, DigestOf('e'), 321);
        var json = OciManifest(config: Descriptor(MediaTypes.OciEmpty, EmptyDigest, 2), layers: "[]",
            extra: $",\"artifactType\":\"{SignatureType}\",\"subject\":{subject}");

        var manifest = Parse(json);

        Assert.NotNull(manifest.Subject);
        Assert.Equal(DigestOf('e'), manifest.Subject.Digest.ToString());
        Assert.Equal(MediaTypes.OciManifest, manifest.Subject.MediaType);
        Assert.Equal(321, manifest.Subject.Size);
    }

    [Fact]
    public void Parse_subject_is_not_a_required_blob()
    {
        // The subject may be pushed after its referrers; it is a manifest, not a blob of this one.
        var json = OciManifest(layers: "[]", extra: ",\"subject\":" + Descriptor(MediaTypes.OciManifest, DigestOf('e'), 1));
        Assert.DoesNotContain(DigestOf('e'), Parse(json).RequiredBlobs.Select(d => d.Digest.ToString()));
    }

    [Fact]
    public void Parse_null_subject_means_no_subject()
    {
        Assert.Null(Parse(OciManifest(extra: ",\"subject\":null")).Subject);
    }

    [Fact]
    public void Parse_subject_that_is_no_descriptor_is_rejected()
    {
        var error = Assert.Throws<RegistryException>(() => Parse(OciManifest(extra: ",\"subject\":\"sha256:abc\"")));
        Assert.Same(RegistryErrorCode.ManifestInvalid, error.Error);
    }

    [Fact]
    public void Parse_subject_with_invalid_digest_is_rejected()
    {
        var subject = Descriptor(MediaTypes.OciManifest, "sha256:abc", 1);
        var error = Assert.Throws<RegistryException>(() => Parse(OciManifest(extra: $",\"subject\":{subject}")));
        Assert.Same(RegistryErrorCode.ManifestInvalid, error.Error);
    }

    [Theory]
    [InlineData("not a media type")]
    [InlineData("application/")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/vnd.example\\n")]
    [InlineData("application/vnd.example\\r\\nX-Injected: 1")]
    public void Parse_artifact_type_that_is_no_media_type_is_rejected(string artifactType)
    {
        var error = Assert.Throws<RegistryException>(() => Parse(OciManifest(extra: $",\"artifactType\":\"{artifactType}\"")));
        Assert.Same(RegistryErrorCode.ManifestInvalid, error.Error);
    }

    [Fact]
    public void Parse_artifact_type_that_is_no_string_is_rejected()
    {
        var error = Assert.Throws<RegistryException>(() => Parse(OciManifest(extra: ",\"artifactType\":42")));
        Assert.Same(RegistryErrorCode.ManifestInvalid, error.Error);
    }

    [Fact]
    public void Parse_index_with_artifact_type_and_subject_keeps_both()
    {
        var json = Index(extra: $",\"artifactType\":\"{SignatureType}\",\"subject\":" + Descriptor(MediaTypes.OciIndex, DigestOf('e'), 7));

        var manifest = Parse(json);

        Assert.Equal(SignatureType, manifest.ArtifactType);
        Assert.Equal(DigestOf('e'), manifest.Subject!.Digest.ToString());
    }

    [Fact]
    public void Parse_index_without_artifact_type_has_none()
    {
        // An index has no config to take an artifact type from.
        Assert.Null(Parse(Index()).ArtifactType);
    }

    [Fact]
    public void Parse_descriptor_artifact_type_is_read()
    {
        var manifests = "[" + Descriptor(MediaTypes.OciManifest, DigestOf('a'), 1, $",\"artifactType\":\"{SignatureType}\"") + "]";
        Assert.Equal(SignatureType, Parse(Index(manifests: manifests)).Manifests[0].ArtifactType);
    }
}
