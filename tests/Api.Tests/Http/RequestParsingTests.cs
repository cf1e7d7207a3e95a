using Microsoft.AspNetCore.Http;
using OrleansRegistry.Api.Http;
using OrleansRegistry.Core.Errors;

namespace OrleansRegistry.Api.Tests.Http;

/// <summary>Digests, page sizes and bodies as every endpoint reads them.</summary>
public sealed class RequestParsingTests
{
    private const string Sha256 = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Fact]
    public void A_well_formed_digest_parses_to_its_algorithm_and_hex()
    {
        var digest = RequestParsing.ParseDigest(Sha256);

        Assert.Equal("sha256", digest.Algorithm);
        Assert.Equal(Sha256, digest.ToString());
    }

    [Fact]
    public void A_sha512_digest_is_supported()
    {
        var sha512 = "sha512:" + new string('a', 128);

        Assert.Equal(sha512, RequestParsing.ParseDigest(sha512).ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256")]
    [InlineData("sha256:")]
    [InlineData("sha256:totallywrong")]
    [InlineData("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")]
    [InlineData("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("sha512:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    public void Anything_else_is_refused_as_digest_invalid(string? value)
    {
        var error = Assert.Throws<RegistryException>(() => RequestParsing.ParseDigest(value));

        Assert.Equal(RegistryErrorCode.DigestInvalid, error.Error);
    }

    [Fact]
    public void Without_n_a_page_holds_everything() => Assert.True(RequestParsing.ParsePageSize(RequestWithQuery(""), 100) >= int.MaxValue - 1);

    [Theory]
    [InlineData("?n=0", 0)]
    [InlineData("?n=5", 5)]
    [InlineData("?n=100", 100)]
    [InlineData("?n=101", 100)]
    [InlineData("?n=2147483647", 100)]
    [InlineData("?n=", int.MaxValue - 1)]
    public void N_is_taken_as_given_up_to_the_maximum(string query, int expected) =>
        Assert.Equal(expected, RequestParsing.ParsePageSize(RequestWithQuery(query), 100));

    [Theory]
    [InlineData("?n=-1")]
    [InlineData("?n=abc")]
    [InlineData("?n=1.5")]
    [InlineData("?n=%2B5")]
    [InlineData("?n=99999999999")]
    public void An_n_that_is_no_non_negative_integer_is_refused(string query)
    {
        var error = Assert.Throws<RegistryException>(() => RequestParsing.ParsePageSize(RequestWithQuery(query), 100));

        Assert.Equal(RegistryErrorCode.PaginationNumberInvalid, error.Error);
    }

    [Theory]
    [InlineData(5L, null, true)]
    [InlineData(0L, null, false)]
    [InlineData(null, "chunked", true)]
    [InlineData(null, null, false)]
    public void A_request_has_a_body_when_it_declares_bytes_or_a_transfer_coding(long? contentLength, string? transferEncoding, bool expected)
    {
        var request = new DefaultHttpContext().Request;
        request.ContentLength = contentLength;
        if (transferEncoding is not null)
        {
            request.Headers.TransferEncoding = transferEncoding;
        }

        Assert.Equal(expected, RequestParsing.HasBody(request));
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("?digest-algorithm=sha512", "sha512")]
    [InlineData("?digest-algorithm=sha256", "sha256")]
    public void A_digest_algorithm_the_registry_verifies_is_announced_or_none_is(string query, string? expected)
    {
        Assert.Equal(expected, RequestParsing.ParseDigestAlgorithm(RequestWithQuery(query).Query["digest-algorithm"]));
    }

    [Theory]
    [InlineData("?digest-algorithm=")]
    [InlineData("?digest-algorithm=md5")]
    [InlineData("?digest-algorithm=SHA256")]
    [InlineData("?digest-algorithm=sha256&digest-algorithm=sha512")]
    public void Any_other_digest_algorithm_is_digest_invalid(string query)
    {
        var error = Assert.Throws<RegistryException>(() => RequestParsing.ParseDigestAlgorithm(RequestWithQuery(query).Query["digest-algorithm"]));

        Assert.Equal(RegistryErrorCode.DigestInvalid, error.Error);
    }

    private static HttpRequest RequestWithQuery(string query)
    {
        var request = new DefaultHttpContext().Request;
        request.QueryString = new QueryString(query);
        return request;
    }
}
