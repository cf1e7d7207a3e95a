using System.Text;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Manifests;
using static OrleansRegistry.Core.Tests.Manifests.TestManifests;

namespace OrleansRegistry.Core.Tests.Manifests;

/// <summary>Bodies that are no manifest at all: each is refused with MANIFEST_INVALID, never a crash.</summary>
public sealed class MalformedManifestTests
{
    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"schemaVersion\":2,}")]
    [InlineData("not json")]
    [InlineData("{\"schemaVersion\":2} trailing")]
    [InlineData("\u00ff\u00fe")]
    public void Parse_invalid_json_throws_manifest_invalid(string body)
    {
        AssertInvalid(Encoding.UTF8.GetBytes(body), "not valid JSON");
    }

    [Fact]
    public void Parse_invalid_utf_8_in_a_property_name_throws_manifest_invalid()
    {
        AssertInvalid([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}']);
    }

    [Fact]
    public void Parse_invalid_utf_8_in_a_string_the_registry_reads_throws_manifest_invalid()
    {
        // 0xC3 0x28 is no UTF-8 sequence. Decoding it must be a refusal of the manifest, not an internal error.
        var prefix = Encoding.UTF8.GetBytes(OciManifest(extra: ",\"annotations\":{\"a\":\"")[..^1]);
        byte[] body = [.. prefix, 0xC3, 0x28, .. "\"}}"u8];
        AssertInvalid(body);
    }

    [Fact]
    public void Parse_body_starting_with_a_byte_order_mark_throws_manifest_invalid()
    {
        // JSON texts must not begin with a BOM (RFC 8259); Distribution refuses them too. Stripping it would
        // make the digest of what is served differ from what was sent.
        byte[] body = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(OciManifest())];
        AssertInvalid(body, "not valid JSON");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"manifest\"")]
    [InlineData("2")]
    [InlineData("null")]
    [InlineData("true")]
    public void Parse_JsonThatIsNoObject_ThrowsManifestInvalid(string body)
    {
        AssertInvalid(Encoding.UTF8.GetBytes(body), "must be a JSON object");
    }

    [Theory]
    [InlineData("""{"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}""")]
    [InlineData("""{"schemaVersion":3,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}""")]
    [InlineData("""{"schemaVersion":"2","mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}""")]
    [InlineData("""{"schemaVersion":2.5,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}""")]
    public void Parse_MissingOrWrongSchemaVersion_ThrowsManifestInvalid(string body)
    {
        AssertInvalid(Encoding.UTF8.GetBytes(body), "schemaVersion must be 2");
    }

    [Fact]
    public void Parse_ten_thousand_nested_arrays_is_rejected_without_stack_overflow()
    {
        // A stack overflow would kill the whole process, not fail one request: the depth bound must hold.
        const int depth = 10_000;
        var body = new StringBuilder("{\"schemaVersion\":2,\"x\":");
        body.Append('[', depth).Append(']', depth).Append('}');
        AssertInvalid(Encoding.UTF8.GetBytes(body.ToString()), "not valid JSON");
    }

    [Fact]
    public void Parse_ten_thousand_nested_objects_at_the_root_is_rejected_without_stack_overflow()
    {
        const int depth = 10_000;
        var body = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            body.Append("{\"a\":");
        }

        body.Append('1').Append('}', depth);
        AssertInvalid(Encoding.UTF8.GetBytes(body.ToString()), "not valid JSON");
    }

    [Fact]
    public void Parse_annotation_value_that_is_no_string_throws_manifest_invalid()
    {
        AssertInvalid(Encoding.UTF8.GetBytes(OciManifest(extra: ",\"annotations\":{\"a\":1}")), "annotations.a");
    }

    [Fact]
    public void Parse_annotations_that_are_no_object_throws_manifest_invalid()
    {
        AssertInvalid(Encoding.UTF8.GetBytes(OciManifest(extra: ",\"annotations\":[\"a\"]")), "annotations");
    }

    /// <param name="detailFragment">Part of the detail, where a test must show which rule refused the body.</param>
    private static void AssertInvalid(byte[] body, string? detailFragment = null)
    {
        var error = Assert.Throws<RegistryException>(() => ManifestParser.Parse(body, contentType: null));
        Assert.Same(RegistryErrorCode.ManifestInvalid, error.Error);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.Status);
        if (detailFragment is not null)
        {
            Assert.Contains(detailFragment, error.Detail);
        }
    }
}
