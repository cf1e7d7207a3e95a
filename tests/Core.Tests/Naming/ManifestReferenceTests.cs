using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Core.Tests.Naming;

/// <summary>
/// The <c>&lt;reference&gt;</c> of a manifest URL is a tag or a digest. Anything with a colon is meant as a digest
/// and, when malformed, is answered DIGEST_INVALID; anything else is meant as a tag and answered TAG_INVALID.
/// </summary>
public sealed class ManifestReferenceTests
{
    private const string Sha256 = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Fact]
    public void Parse_tag_is_a_tag_reference()
    {
        var reference = ManifestReference.Parse("v1.0");
        Assert.False(reference.IsDigest);
        Assert.Equal("v1.0", reference.Tag?.Value);
        Assert.Null(reference.Digest);
        Assert.Equal("v1.0", reference.ToString());
    }

    [Fact]
    public void Parse_digest_is_a_digest_reference()
    {
        var reference = ManifestReference.Parse(Sha256);
        Assert.True(reference.IsDigest);
        Assert.Null(reference.Tag);
        Assert.Equal(Sha256, reference.Digest!.Value.ToString());
        Assert.Equal(Sha256, reference.ToString());
    }

    [Theory]
    [InlineData("sha256:totallywrong")]
    [InlineData("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("a:b")]
    [InlineData(":")]
    public void Parse_reference_with_a_colon_that_is_no_valid_digest_throws_digest_invalid(string value)
    {
        var error = Assert.Throws<RegistryException>(() => ManifestReference.Parse(value));
        Assert.Same(RegistryErrorCode.DigestInvalid, error.Error);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".hidden")]
    [InlineData("-x")]
    [InlineData("a/b")]
    [InlineData("a b")]
    public void Parse_reference_without_a_colon_that_is_no_valid_tag_throws_tag_invalid(string value)
    {
        var error = Assert.Throws<RegistryException>(() => ManifestReference.Parse(value));
        Assert.Same(RegistryErrorCode.TagInvalid, error.Error);
    }

    [Fact]
    public void Parse_tag_of_129_characters_throws_tag_invalid()
    {
        var error = Assert.Throws<RegistryException>(() => ManifestReference.Parse(new string('t', 129)));
        Assert.Same(RegistryErrorCode.TagInvalid, error.Error);
    }

    [Fact]
    public void Parse_invalid_reference_with_control_characters_echoes_it_without_them()
    {
        // The detail goes back to the client (and into logs): no raw control characters.
        var error = Assert.Throws<RegistryException>(() => ManifestReference.Parse("bad\r\ntag"));
        Assert.NotNull(error.Detail);
        Assert.DoesNotContain('\r', error.Detail);
        Assert.DoesNotContain('\n', error.Detail);
        Assert.Contains("bad??tag", error.Detail);
    }

    [Fact]
    public void For_tag_and_for_digest_build_the_same_references_as_parse()
    {
        Assert.Equal(ManifestReference.Parse("latest"), ManifestReference.ForTag(Tag.Parse("latest")));
        Assert.Equal(ManifestReference.Parse(Sha256), ManifestReference.ForDigest(Core.Digests.Digest.Parse(Sha256)));
    }
}
