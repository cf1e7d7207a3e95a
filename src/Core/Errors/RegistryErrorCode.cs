using System.Net;

namespace OrleansRegistry.Core.Errors;

/// <summary>
/// An error code of the OCI Distribution Spec (and Docker Registry HTTP API V2), with the HTTP status it is answered with.
/// </summary>
public sealed record RegistryErrorCode(string Code, HttpStatusCode Status, string Message)
{
    public static readonly RegistryErrorCode BlobUnknown = new("BLOB_UNKNOWN", HttpStatusCode.NotFound, "blob unknown to registry");
    public static readonly RegistryErrorCode BlobUploadInvalid = new("BLOB_UPLOAD_INVALID", HttpStatusCode.BadRequest, "blob upload invalid");
    public static readonly RegistryErrorCode BlobUploadUnknown = new("BLOB_UPLOAD_UNKNOWN", HttpStatusCode.NotFound, "blob upload unknown to registry");
    public static readonly RegistryErrorCode DigestInvalid = new("DIGEST_INVALID", HttpStatusCode.BadRequest, "provided digest did not match uploaded content");
    public static readonly RegistryErrorCode ManifestBlobUnknown = new("MANIFEST_BLOB_UNKNOWN", HttpStatusCode.BadRequest, "manifest references a manifest or blob unknown to registry");
    public static readonly RegistryErrorCode ManifestInvalid = new("MANIFEST_INVALID", HttpStatusCode.BadRequest, "manifest invalid");
    public static readonly RegistryErrorCode ManifestUnknown = new("MANIFEST_UNKNOWN", HttpStatusCode.NotFound, "manifest unknown to registry");
    public static readonly RegistryErrorCode NameInvalid = new("NAME_INVALID", HttpStatusCode.BadRequest, "invalid repository name");
    public static readonly RegistryErrorCode NameUnknown = new("NAME_UNKNOWN", HttpStatusCode.NotFound, "repository name not known to registry");
    public static readonly RegistryErrorCode SizeInvalid = new("SIZE_INVALID", HttpStatusCode.BadRequest, "provided length did not match content length");
    public static readonly RegistryErrorCode TagInvalid = new("TAG_INVALID", HttpStatusCode.BadRequest, "manifest tag did not match URI");
    public static readonly RegistryErrorCode Unauthorized = new("UNAUTHORIZED", HttpStatusCode.Unauthorized, "authentication required");
    public static readonly RegistryErrorCode Denied = new("DENIED", HttpStatusCode.Forbidden, "requested access to the resource is denied");
    public static readonly RegistryErrorCode Unsupported = new("UNSUPPORTED", HttpStatusCode.MethodNotAllowed, "the operation is unsupported");
    public static readonly RegistryErrorCode TooManyRequests = new("TOOMANYREQUESTS", HttpStatusCode.TooManyRequests, "too many requests");
    public static readonly RegistryErrorCode RangeInvalid = new("RANGE_INVALID", HttpStatusCode.RequestedRangeNotSatisfiable, "invalid content range");
    public static readonly RegistryErrorCode PaginationNumberInvalid = new("PAGINATION_NUMBER_INVALID", HttpStatusCode.BadRequest, "invalid number of results requested");
    public static readonly RegistryErrorCode Unavailable = new("UNAVAILABLE", HttpStatusCode.ServiceUnavailable, "service unavailable");

    /// <summary>Not a spec code: an internal failure, answered in the same shape as every other error.</summary>
    public static readonly RegistryErrorCode Unknown = new("UNKNOWN", HttpStatusCode.InternalServerError, "unknown error");

    private static readonly Dictionary<string, RegistryErrorCode> ByCode = new[]
    {
        BlobUnknown, BlobUploadInvalid, BlobUploadUnknown, DigestInvalid, ManifestBlobUnknown, ManifestInvalid,
        ManifestUnknown, NameInvalid, NameUnknown, SizeInvalid, TagInvalid, Unauthorized, Denied, Unsupported,
        TooManyRequests, RangeInvalid, PaginationNumberInvalid, Unavailable, Unknown,
    }.ToDictionary(e => e.Code, StringComparer.Ordinal);

    /// <summary>The error with this code, or <see cref="Unknown"/>.</summary>
    public static RegistryErrorCode FromCode(string code) => ByCode.GetValueOrDefault(code, Unknown);
}
