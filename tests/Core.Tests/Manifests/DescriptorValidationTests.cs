using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Manifests;
using static OrleansRegistry.Core.Tests.Manifests.TestManifests;

namespace OrleansRegistry.Core.Tests.Manifests;

/// <summary>
/// Every descriptor (config, layer, child manifest, subject) needs a media type, a supported digest and a
/// non-negative integer size: the registry checks blobs against them before a manifest becomes visible.
/// </summary>
public sealed class DescriptorValidationTests
{
    private const string ValidDigest = "sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";

    [Theory]
    [InlineData("sha256:abc")]
    [InlineData("sha256:CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("")]
    [InlineData("cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc")]
    public void Parse_layer_with_invalid_digest_is_rejected(string digest)
    {
        AssertLayerRejected($$"""{"mediaType":"{{OciLayer}}","digest":"{{digest}}","size":1}""", "digest");
    }

    [Fact]
    public void Parse_layer_without_digest_is_rejected()
    {
        AssertLayerRejected($$"""{"mediaType":"{{OciLayer}}","size":1}""", "digest");
    }

    [Fact]
    public void Parse_config_with_invalid_digest_is_rejected()
    {
        var error = Assert.Throws<RegistryException>(() =>
            Parse(OciManifest(config: Descriptor(OciConfig, "sha256:0", 1))));
        Assert.Same(RegistryErrorCode.ManifestInvalid, error.Error);
        Assert.Contains("config.digest", error.Detail);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("\"12\"")]
    [InlineData("null")]
    [InlineData("1e400")]
    [InlineData("99999999999999999999")]
    public void Parse_layer_with_invalid_size_is_rejected(string size)
    {
        AssertLayerRejected($$"""{"mediaType":"{{OciLayer}}","digest":"{{ValidDigest}}","size":{{size}}}""", "size");
    }

    [Fact]
    public void Parse_layer_without_size_is_rejected()
    {
        AssertLayerRejected($$"""{"mediaType":"{{OciLayer}}","digest":"{{ValidDigest}}"}""", "size");
    }

    [Fact]
    public void Parse_layer_of_size_zero_is_accepted()
    {
        var manifest = Parse(OciManifest(layers: $"[{Descriptor(OciLayer, ValidDigest, 0)}]"));
        Assert.Equal(0, manifest.Layers[0].Size);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"tar\"")]
    [InlineData("\"application/\"")]
    [InlineData("\"application/vnd.oci.image.layer.v1.tar; gzip\"")]
    [InlineData("\"application/x y\"")]
    [InlineData("\"application/vnd.oci.image.layer.v1.tar\\n\"")]
    public void Parse_layer_with_invalid_media_type_is_rejected(string mediaType)
    {
        AssertLayerRejected($$"""{"mediaType":{{mediaType}},"digest":"{{ValidDigest}}","size":1}""", "mediaType");
    }

    [Fact]
    public void Parse_layer_with_media_type_that_is_no_string_is_rejected()
    {
        var layers = $$"""[{"mediaType":5,"digest":"{{ValidDigest}}","size":1}]""";
        var error = Assert.Throws<RegistryException>(() => Parse(OciManifest(layers: layers)));
        Assert.Same(RegistryErrorCode.ManifestInvalid, error.Error);
        Assert.Contains("mediaType", error.Detail);
    }

    [Fact]
    public void Parse_layer_without_media_type_is_rejected()
    {
        AssertLayerRejected($$"""{"digest":"{{ValidDigest}}","size":1}""", "mediaType");
    }

    [Fact]
    public void Parse_layer_that_is_no_object_is_rejected()
    {
        AssertLayerRejected($"\"{ValidDigest}\"", "descriptor object");
    }

    [Fact]
    public void Parse_index_child_with_invalid_digest_is_rejected()
    {
        var error = Assert.Throws<RegistryException>(() =>
            Parse(Index(manifests: "[" + Descriptor(MediaTypes.OciManifest, "sha256:xyz", 1) + "]")));
        Assert.Same(RegistryErrorCode.ManifestInvalid, error.Error);
        Assert.Contains("manifests[0].digest", error.Detail);
    }

    [Fact]
    public void Parse_sha_512_layer_digest_is_accepted()
    {
        var sha512 = "sha512:" + new string('d', 128);
        Assert.Equal(sha512, Parse(OciManifest(layers: $"[{Descriptor(OciLayer, sha512, 1)}]")).Layers[0].Digest.ToString());
    }

    /// <summary>A second, broken layer after a good one: the error must name the broken one and its field.</summary>
    private static void AssertLayerRejected(string brokenLayer, string field)
    {
        var layers = $"[{Descriptor(OciLayer, ValidDigest, 1)},{brokenLayer}]";
        var error = Assert.Throws<RegistryException>(() => Parse(OciManifest(layers: layers)));
        Assert.Same(RegistryErrorCode.ManifestInvalid, error.Error);
        Assert.Contains($"layers[1]", error.Detail);
        Assert.Contains(field, error.Detail);
    }
}
