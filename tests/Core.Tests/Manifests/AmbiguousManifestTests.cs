using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Manifests;
using static OrleansRegistry.Core.Tests.Manifests.TestManifests;

namespace OrleansRegistry.Core.Tests.Manifests;

/// <summary>
/// One reading per manifest (CVE-2021-41190): a body with the fields of an index and of an image manifest is
/// refused whatever it declares, and the request's Content-Type counts only when it names a manifest media type.
/// </summary>
public sealed class AmbiguousManifestTests
{
    private static readonly string Layers = "[" + Descriptor(OciLayer, DigestOf('1'), 1) + "]";

    public static TheoryData<string, string?> IndexesWithLayers() => new()
    {
        { Index(extra: ",\"layers\":" + Layers), null },
        { Index(extra: ",\"layers\":[]"), MediaTypes.OciIndex },
        { Index(extra: ",\"layers\":null"), null },
        { Index(mediaType: MediaTypes.DockerManifestList, extra: ",\"layers\":" + Layers), null },
        { Index(mediaType: null, extra: ",\"layers\":" + Layers), MediaTypes.OciIndex },
        { Index(mediaType: null, extra: ",\"layers\":" + Layers), MediaTypes.DockerManifestList },
        { Index(mediaType: null, extra: ",\"layers\":" + Layers), null },
        { Index(mediaType: null, extra: ",\"layers\":" + Layers), "text/plain" },
    };

    [Theory]
    [MemberData(nameof(IndexesWithLayers))]
    public void An_index_that_also_has_layers_is_manifest_invalid(string json, string? contentType)
    {
        var error = Assert.Throws<RegistryException>(() => Parse(json, contentType));

        Assert.Same(RegistryErrorCode.ManifestInvalid, error.Error);
        Assert.Contains("shape", error.Detail);
    }

    [Theory]
    [InlineData("application/vnd.evil.v1+json")]
    [InlineData("APPLICATION/VND.EVIL.V1+JSON; charset=utf-8")]
    [InlineData("image/png")]
    [InlineData("text/plain")]
    [InlineData("application/json")]
    public void A_content_type_that_is_no_manifest_type_defers_to_the_body_s_media_type(string contentType)
    {
        Assert.Equal(MediaTypes.DockerManifest, Parse(DockerManifest("[]"), contentType).MediaType);
        Assert.Equal(MediaTypes.OciIndex, Parse(Index(), contentType).MediaType);
    }

    [Theory]
    [InlineData("application/vnd.evil.v1+json")]
    [InlineData("image/png")]
    [InlineData("text/plain")]
    public void A_content_type_that_is_no_manifest_type_defers_to_the_body_s_shape(string contentType)
    {
        Assert.Equal(MediaTypes.OciManifest, Parse(OciManifest(mediaType: null), contentType).MediaType);
        Assert.Equal(MediaTypes.OciIndex, Parse(Index(mediaType: null), contentType).MediaType);
    }

    [Theory]
    [InlineData(MediaTypes.DockerManifest)]
    [InlineData(MediaTypes.OciIndex)]
    public void A_manifest_content_type_the_body_contradicts_is_still_manifest_invalid(string contentType)
    {
        var error = Assert.Throws<RegistryException>(() => Parse(OciManifest(), contentType));

        Assert.Same(RegistryErrorCode.ManifestInvalid, error.Error);
    }
}
