using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Manifests;
using static OrleansRegistry.Core.Tests.Manifests.TestManifests;

namespace OrleansRegistry.Core.Tests.Manifests;

/// <summary>
/// Where a manifest's media type comes from: its <c>mediaType</c> field, else the request's <c>Content-Type</c>
/// (umoci omits the field), else its shape. When both say something, they must agree.
/// </summary>
public sealed class MediaTypeResolutionTests
{
    [Fact]
    public void Parse_body_without_media_type_takes_it_from_content_type()
    {
        var manifest = Parse(OciManifest(mediaType: null), MediaTypes.OciManifest);
        Assert.Equal(MediaTypes.OciManifest, manifest.MediaType);
    }

    [Fact]
    public void Parse_index_body_without_media_type_takes_docker_list_from_content_type()
    {
        var manifest = Parse(Index(mediaType: null), MediaTypes.DockerManifestList);
        Assert.Equal(MediaTypes.DockerManifestList, manifest.MediaType);
    }

    [Fact]
    public void Parse_content_type_with_parameters_is_compared_without_them()
    {
        var manifest = Parse(OciManifest(), MediaTypes.OciManifest + "; charset=utf-8");
        Assert.Equal(MediaTypes.OciManifest, manifest.MediaType);
    }

    [Fact]
    public void Parse_content_type_in_other_case_matches_the_body()
    {
        // Media types are case-insensitive in HTTP.
        var manifest = Parse(OciManifest(), MediaTypes.OciManifest.ToUpperInvariant());
        Assert.Equal(MediaTypes.OciManifest, manifest.MediaType);
    }

    [Fact]
    public void Parse_body_media_type_different_from_content_type_throws_manifest_invalid()
    {
        var error = Assert.Throws<RegistryException>(() => Parse(OciManifest(), MediaTypes.DockerManifest));
        Assert.Same(RegistryErrorCode.ManifestInvalid, error.Error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("application/json")]
    [InlineData("application/octet-stream")]
    [InlineData("text/plain; charset=utf-8")]
    public void Parse_generic_or_missing_content_type_defers_to_the_body(string? contentType)
    {
        Assert.Equal(MediaTypes.DockerManifest, Parse(DockerManifest("[]"), contentType).MediaType);
    }

    [Fact]
    public void Parse_no_media_type_anywhere_guesses_oci_manifest_from_a_config()
    {
        Assert.Equal(MediaTypes.OciManifest, Parse(OciManifest(mediaType: null)).MediaType);
    }

    [Fact]
    public void Parse_no_media_type_anywhere_guesses_oci_index_from_manifests()
    {
        Assert.Equal(MediaTypes.OciIndex, Parse(Index(mediaType: null)).MediaType);
    }

    [Fact]
    public void Parse_no_media_type_and_no_recognizable_shape_throws_manifest_invalid()
    {
        var error = Assert.Throws<RegistryException>(() => Parse("""{"schemaVersion":2}"""));
        Assert.Same(RegistryErrorCode.ManifestInvalid, error.Error);
    }

    [Theory]
    [InlineData(MediaTypes.DockerSchema1)]
    [InlineData(MediaTypes.DockerSchema1Signed)]
    public void Parse_schema_1_content_type_is_rejected(string contentType)
    {
        var error = Assert.Throws<RegistryException>(() => Parse(OciManifest(mediaType: null), contentType));
        Assert.Same(RegistryErrorCode.ManifestInvalid, error.Error);
        Assert.Contains("schema 1", error.Detail);
    }

    [Fact]
    public void Parse_schema_1_body_is_rejected()
    {
        // What a schema 1 manifest looks like: schemaVersion 1, name, tag, fsLayers, signatures.
        var json = """{"schemaVersion":1,"name":"library/x","tag":"latest","architecture":"amd64","fsLayers":[],"history":[]}""";
        var error = Assert.Throws<RegistryException>(() => Parse(json, MediaTypes.DockerSchema1Signed));
        Assert.Same(RegistryErrorCode.ManifestInvalid, error.Error);
        Assert.Contains("schema 1", error.Detail);
    }

    [Theory]
    [InlineData("application/vnd.example.unknown+json")]
    [InlineData(MediaTypes.OciEmpty)]
    public void Parse_unsupported_manifest_media_type_is_rejected(string mediaType)
    {
        var error = Assert.Throws<RegistryException>(() => Parse(OciManifest(mediaType: mediaType)));
        Assert.Same(RegistryErrorCode.ManifestInvalid, error.Error);
    }

    [Fact]
    public void Parse_media_type_that_is_no_string_is_rejected()
    {
        var json = """{"schemaVersion":2,"mediaType":7,"config":{"mediaType":"a/b","digest":"sha256:""" + new string('c', 64) + "\",\"size\":1}}";
        var error = Assert.Throws<RegistryException>(() => Parse(json));
        Assert.Same(RegistryErrorCode.ManifestInvalid, error.Error);
    }
}
