using System.Net;
using OrleansRegistry.Core.Errors;

namespace OrleansRegistry.Core.Tests.Errors;

/// <summary>
/// The spec's error codes and the HTTP status each is answered with. Grains carry errors across calls as their
/// code string, so <see cref="RegistryErrorCode.FromCode"/> must map every code back to the same error.
/// </summary>
public sealed class RegistryErrorCodeTests
{
    public static TheoryData<RegistryErrorCode, string, HttpStatusCode> Codes => new()
    {
        { RegistryErrorCode.BlobUnknown, "BLOB_UNKNOWN", HttpStatusCode.NotFound },
        { RegistryErrorCode.BlobUploadInvalid, "BLOB_UPLOAD_INVALID", HttpStatusCode.BadRequest },
        { RegistryErrorCode.BlobUploadUnknown, "BLOB_UPLOAD_UNKNOWN", HttpStatusCode.NotFound },
        { RegistryErrorCode.DigestInvalid, "DIGEST_INVALID", HttpStatusCode.BadRequest },
        { RegistryErrorCode.ManifestBlobUnknown, "MANIFEST_BLOB_UNKNOWN", HttpStatusCode.BadRequest },
        { RegistryErrorCode.ManifestInvalid, "MANIFEST_INVALID", HttpStatusCode.BadRequest },
        { RegistryErrorCode.ManifestUnknown, "MANIFEST_UNKNOWN", HttpStatusCode.NotFound },
        { RegistryErrorCode.NameInvalid, "NAME_INVALID", HttpStatusCode.BadRequest },
        { RegistryErrorCode.NameUnknown, "NAME_UNKNOWN", HttpStatusCode.NotFound },
        { RegistryErrorCode.SizeInvalid, "SIZE_INVALID", HttpStatusCode.BadRequest },
        { RegistryErrorCode.TagInvalid, "TAG_INVALID", HttpStatusCode.BadRequest },
        { RegistryErrorCode.Unauthorized, "UNAUTHORIZED", HttpStatusCode.Unauthorized },
        { RegistryErrorCode.Denied, "DENIED", HttpStatusCode.Forbidden },
        { RegistryErrorCode.Unsupported, "UNSUPPORTED", HttpStatusCode.MethodNotAllowed },
        { RegistryErrorCode.TooManyRequests, "TOOMANYREQUESTS", HttpStatusCode.TooManyRequests },
        { RegistryErrorCode.RangeInvalid, "RANGE_INVALID", HttpStatusCode.RequestedRangeNotSatisfiable },
        { RegistryErrorCode.PaginationNumberInvalid, "PAGINATION_NUMBER_INVALID", HttpStatusCode.BadRequest },
        { RegistryErrorCode.Unavailable, "UNAVAILABLE", HttpStatusCode.ServiceUnavailable },
        { RegistryErrorCode.Unknown, "UNKNOWN", HttpStatusCode.InternalServerError },
    };

    [Theory]
    [MemberData(nameof(Codes))]
    public void Each_error_has_the_spec_code_and_status(RegistryErrorCode error, string code, HttpStatusCode status)
    {
        Assert.Equal(code, error.Code);
        Assert.Equal(status, error.Status);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void FromCode_of_each_code_gives_back_the_same_error(RegistryErrorCode error, string code, HttpStatusCode status)
    {
        var found = RegistryErrorCode.FromCode(code);
        Assert.Same(error, found);
        Assert.Equal(status, found.Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("NOT_A_CODE")]
    [InlineData("blob_unknown")]
    [InlineData(" BLOB_UNKNOWN")]
    public void FromCode_of_anything_else_gives_unknown(string code)
    {
        // Codes are matched exactly: a code no error has is an internal failure, answered 500.
        Assert.Same(RegistryErrorCode.Unknown, RegistryErrorCode.FromCode(code));
    }

    [Fact]
    public void Codes_are_unique()
    {
        var codes = Codes.Select(row => (string)row[1]).ToList();
        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
    }
}
