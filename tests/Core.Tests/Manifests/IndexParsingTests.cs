using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Manifests;
using static OrleansRegistry.Core.Tests.Manifests.TestManifests;

namespace OrleansRegistry.Core.Tests.Manifests;

/// <summary>OCI image indexes and Docker manifest lists: they list child manifests, never blobs.</summary>
public sealed class IndexParsingTests
{
    private static readonly string TwoPlatforms =
        "[" + Descriptor(MediaTypes.OciManifest, DigestOf('a'), 500, ""","platform":{"os":"linux","architecture":"amd64"}""")
        + "," + Descriptor(MediaTypes.OciManifest, DigestOf('b'), 501, ""","platform":{"os":"linux","architecture":"arm64","variant":"v8"}""")
        + "]";

    [Fact]
    public void Parse_oci_index_reads_children_with_platforms()
    {
        var manifest = Parse(Index(manifests: TwoPlatforms), MediaTypes.OciIndex);

        Assert.Equal(MediaTypes.OciIndex, manifest.MediaType);
        Assert.Null(manifest.Config);
        Assert.Empty(manifest.Layers);
        Assert.Equal([DigestOf('a'), DigestOf('b')], manifest.Manifests.Select(m => m.Digest.ToString()));
        Assert.Equal(new Platform("linux", "amd64", null), manifest.Manifests[0].Platform);
        Assert.Equal(new Platform("linux", "arm64", "v8"), manifest.Manifests[1].Platform);
    }

    [Fact]
    public void Parse_index_requires_no_blobs()
    {
        // Children are manifests of the repository, not blobs; requiring them as blobs would refuse every index.
        Assert.Empty(Parse(Index(manifests: TwoPlatforms)).RequiredBlobs);
    }

    [Fact]
    public void Parse_docker_manifest_list_is_an_index()
    {
        var list = "[" + Descriptor(MediaTypes.DockerManifest, DigestOf('a'), 500, ""","platform":{"os":"linux","architecture":"amd64"}""") + "]";

        var manifest = Parse(Index(MediaTypes.DockerManifestList, list), MediaTypes.DockerManifestList);

        Assert.Equal(MediaTypes.DockerManifestList, manifest.MediaType);
        Assert.Equal([DigestOf('a')], manifest.Manifests.Select(m => m.Digest.ToString()));
    }

    [Fact]
    public void Parse_index_without_manifests_is_rejected()
    {
        var json = $$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciIndex}}"}""";
        var error = Assert.Throws<RegistryException>(() => Parse(json));
        Assert.Same(RegistryErrorCode.ManifestInvalid, error.Error);
    }

    [Fact]
    public void Parse_index_with_empty_manifests_is_accepted()
    {
        Assert.Empty(Parse(Index(manifests: "[]")).Manifests);
    }

    [Fact]
    public void Parse_index_with_a_config_is_rejected()
    {
        // The declared type and the shape must agree, or clients would misread what is served back.
        var error = Assert.Throws<RegistryException>(() =>
            Parse(Index(extra: "," + "\"config\":" + Descriptor(OciConfig, DigestOf('c'), 1))));
        Assert.Same(RegistryErrorCode.ManifestInvalid, error.Error);
    }

    [Fact]
    public void Parse_image_manifest_with_manifests_array_is_rejected()
    {
        var error = Assert.Throws<RegistryException>(() => Parse(OciManifest(extra: ",\"manifests\":[]")));
        Assert.Same(RegistryErrorCode.ManifestInvalid, error.Error);
    }

    [Fact]
    public void Parse_platform_without_architecture_is_ignored()
    {
        var manifests = "[" + Descriptor(MediaTypes.OciManifest, DigestOf('a'), 1, ""","platform":{"os":"linux"}""") + "]";
        Assert.Null(Parse(Index(manifests: manifests)).Manifests[0].Platform);
    }
}
