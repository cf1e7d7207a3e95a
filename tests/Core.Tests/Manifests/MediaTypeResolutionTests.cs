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
    public void Parse_BodyWithoutMediaType_TakesItFromContentType()
    {
        var manifest = Parse(OciManifest(mediaType: null), MediaTypes.OciManifest);
        Assert.Equal(MediaTypes.OciManifest, manifest.MediaType);
    }

    [Fact]
    public void Parse_IndexBodyWithoutMediaType_TakesDockerListFromContentType()
    {
        var manifest = Parse(Index(mediaType: null), MediaTypes.DockerManifestList);
        Assert.Equal(MediaTypes.DockerManifestList, manifest.MediaType);
    }

    [Fact]
    public void Parse_ContentTypeWithParameters_IsComparedWithoutThem()
    {
        var manifest = Parse(OciManifest(), MediaTypes.OciManifest + "; charset=utf-8");
        Assert.Equal(MediaTypes.OciManifest, manifest.MediaType);
    }

    [Fact]
    public void Parse_ContentTypeInOtherCase_MatchesTheBody()
    {
        // Media types are case-insensitive in HTTP.
        var manifest = Parse(OciManifest(), MediaTypes.OciManifest.ToUpperInvariant());
        Assert.Equal(MediaTypes.OciManifest, manifest.MediaType);
    }

    [Fact]
    public void Parse_BodyMediaTypeDifferentFromContentType_ThrowsManifestInvalid()
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
    public void Parse_GenericOrMissingContentType_DefersToTheBody(string? contentType)
    {
        Assert.Equal(MediaTypes.DockerManifest, Parse(DockerManifest("[]"), contentType).MediaType);
    }

    [Fact]
    public void Parse_NoMediaTypeAnywhere_GuessesOciManifestFromAConfig()
    {
        Assert.Equal(MediaTypes.OciManifest, Parse(OciManifest(mediaType: null)).MediaType);
    }

    [Fact]
    public void Parse_NoMediaTypeAnywhere_GuessesOciIndexFromManifests()
    {
        Assert.Equal(MediaTypes.OciIndex, Parse(Index(mediaType: null)).MediaType);
    }

    [Fact]
    public void Parse_NoMediaTypeAndNoRecognizableShape_ThrowsManifestInvalid()
    {
        var error = Assert.Throws<RegistryException>(() => Parse("""{"schemaVersion":2}"""));
        Assert.Same(RegistryErrorCode.ManifestInvalid, error.Error);
    }

    [Theory]
    [InlineData(MediaTypes.DockerSchema1)]
    [InlineData(MediaTypes.DockerSchema1Signed)]
    public void Parse_Schema1ContentType_IsRejected(string contentType)
    {
        var error = Assert.Throws<RegistryException>(() => Parse(OciManifest(mediaType: null), contentType));
        Assert.Same(RegistryErrorCode.ManifestInvalid, error.Error);
        Assert.Contains("schema 1", error.Detail);
    }

    [Fact]
    public void Parse_Schema1Body_IsRejected()
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
    public void Parse_UnsupportedManifestMediaType_IsRejected(string mediaType)
    {
        var error = Assert.Throws<RegistryException>(() => Parse(OciManifest(mediaType: mediaType)));
        Assert.Same(RegistryErrorCode.ManifestInvalid, error.Error);
    }

    [Fact]
    public void Parse_MediaTypeThatIsNoString_IsRejected()
    {
        var json = """{"schemaVersion":2,"mediaType":7,"config":{"mediaType":"a/b","digest":"sha256:""" + new string('c', 64) + "\",\"size\":1}}";
        var error = Assert.Throws<RegistryException>(() => Parse(json));
        Assert.Same(RegistryErrorCode.ManifestInvalid, error.Error);
    }
}
