using OrleansRegistry.Core.Manifests;
using static OrleansRegistry.Core.Tests.Manifests.TestManifests;

namespace OrleansRegistry.Core.Tests.Manifests;

/// <summary>
/// Which blobs must be in the repository before a manifest may be accepted. Foreign (non-distributable) layers
/// that name where their bytes live are never pushed, so requiring them would refuse every Windows image.
/// </summary>
public sealed class RequiredBlobsTests
{
    private const string Urls = ",\"urls\":[\"https://mcr.example/layer\"]";

    [Fact]
    public void Required_blobs_exclude_docker_foreign_layers_with_urls()
    {
        var layers = $"[{Descriptor(DockerForeignLayer, DigestOf('f'), 5, Urls)},{Descriptor(DockerLayer, DigestOf('1'), 6)}]";

        var manifest = Parse(DockerManifest(layers));

        Assert.Equal(2, manifest.Layers.Count);
        Assert.True(manifest.Layers[0].HasUrls);
        Assert.Equal([DigestOf('c'), DigestOf('1')], manifest.RequiredBlobs.Select(d => d.Digest.ToString()));
    }

    [Fact]
    public void Required_blobs_exclude_oci_non_distributable_layers_with_urls()
    {
        var layers = $"[{Descriptor("application/vnd.oci.image.layer.nondistributable.v1.tar+gzip", DigestOf('f'), 5, Urls)}]";
        Assert.Equal([DigestOf('c')], Parse(OciManifest(layers: layers)).RequiredBlobs.Select(d => d.Digest.ToString()));
    }

    [Fact]
    public void Required_blobs_include_foreign_layers_without_urls()
    {
        // Without urls there is nowhere else to fetch the bytes: the client must have pushed them here.
        var layers = $"[{Descriptor(DockerForeignLayer, DigestOf('f'), 5)}]";
        Assert.Contains(DigestOf('f'), Parse(DockerManifest(layers)).RequiredBlobs.Select(d => d.Digest.ToString()));
    }

    [Fact]
    public void Required_blobs_include_foreign_layers_with_an_empty_url_list()
    {
        var layers = $"[{Descriptor(DockerForeignLayer, DigestOf('f'), 5, ",\"urls\":[]")}]";
        Assert.Contains(DigestOf('f'), Parse(DockerManifest(layers)).RequiredBlobs.Select(d => d.Digest.ToString()));
    }

    [Fact]
    public void Required_blobs_include_ordinary_layers_even_with_urls()
    {
        // urls on a distributable layer are only a hint; the registry still serves the blob.
        var layers = $"[{Descriptor(OciLayer, DigestOf('1'), 5, Urls)}]";
        Assert.Contains(DigestOf('1'), Parse(OciManifest(layers: layers)).RequiredBlobs.Select(d => d.Digest.ToString()));
    }

    [Fact]
    public void Index_entries_that_are_not_manifests_are_required_as_blobs()
    {
        // BuildKit's registry cache: an index of its cache config and layers, all pushed as blobs.
        var manifests = $"[{Descriptor("application/vnd.buildkit.cacheconfig.v0", DigestOf('c'), 50)},"
            + $"{Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", DigestOf('1'), 60)},"
            + $"{Descriptor(MediaTypes.OciManifest, DigestOf('a'), 70)},"
            + $"{Descriptor(MediaTypes.DockerManifestList, DigestOf('d'), 80)}]";

        var index = Parse(Index(manifests: manifests));

        Assert.Equal([DigestOf('c'), DigestOf('1')], index.RequiredBlobs.Select(d => d.Digest.ToString()));
        Assert.Equal([DigestOf('a'), DigestOf('d')], index.RequiredManifests.Select(d => d.Digest.ToString()));
    }
}
