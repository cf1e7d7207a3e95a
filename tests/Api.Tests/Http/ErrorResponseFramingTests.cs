using System.Globalization;
using OrleansRegistry.Api.Tests.Infrastructure;

namespace OrleansRegistry.Api.Tests.Http;

/// <summary>
/// Error bodies are small and whole before they are sent, so they go with a Content-Length rather than chunked:
/// the client (and any proxy) knows where the answer ends, and a HEAD says how long the GET's answer would be.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class ErrorResponseFramingTests(RegistryFixture fixture)
{
    [Theory]
    [InlineData("GET", "/v2/framing/app/manifests/absent", 404, "MANIFEST_UNKNOWN")]
    [InlineData("GET", "/v2/framing/app/blobs/sha256:zz", 400, "DIGEST_INVALID")]
    [InlineData("GET", "/v2/Framing/App/tags/list", 400, "NAME_INVALID")]
    [InlineData("POST", "/v2/framing/app/tags/list", 405, "UNSUPPORTED")]
    [InlineData("GET", "/v2/framing/app/blobs/uploads/6f1c0a2e-7a1f-4a4e-9a56-0e4f8a1b2c3d", 404, "BLOB_UPLOAD_UNKNOWN")]
    [InlineData("GET", "/v2/_catalog?n=-1", 400, "PAGINATION_NUMBER_INVALID")]
    public async Task An_error_is_sent_with_a_content_length_and_not_chunked(string method, string target, int status, string code)
    {
        var response = await RawHttp.SendAsync(fixture.Client.Address, method, target, ("Content-Length", "0"));

        response.ShouldBeError(status, code);
        Assert.Null(response.Header("Transfer-Encoding"));
        Assert.Equal(response.Body.Length.ToString(CultureInfo.InvariantCulture), response.Header("Content-Length"));
    }

    [Fact]
    public async Task A_head_error_has_the_content_length_of_the_get_error_and_no_body()
    {
        const string target = "/v2/framing/app/manifests/absent";
        var get = await RawHttp.SendAsync(fixture.Client.Address, "GET", target);
        var head = await RawHttp.SendAsync(fixture.Client.Address, "HEAD", target);

        Assert.Equal(404, head.Status);
        Assert.Null(head.Header("Transfer-Encoding"));
        Assert.Equal(get.Body.Length.ToString(CultureInfo.InvariantCulture), head.Header("Content-Length"));
        Assert.Empty(head.Body);
    }
}
