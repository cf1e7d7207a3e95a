using System.Globalization;
using Microsoft.Extensions.Primitives;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Errors;

namespace OrleansRegistry.Api.Http;

/// <summary>Parses the parts of a request that several endpoints share, answering bad input with the spec's codes.</summary>
public static class RequestParsing
{
    public static Digest ParseDigest(string? value) =>
        Digest.TryParse(value, out var digest)
            ? digest
            : throw new RegistryException(RegistryErrorCode.DigestInvalid, value is null ? "digest is required" : $"invalid digest '{ClientText.Printable(value)}'");

    /// <summary>
    /// The spec's main branch: <c>?digest-algorithm=</c> on an upload's start announces the algorithm of the digest
    /// the upload will complete with. Null when absent; an algorithm the registry does not verify (or more than one)
    /// is <c>DIGEST_INVALID</c>, so the client hears it before it sends a byte rather than after the last.
    /// </summary>
    public static string? ParseDigestAlgorithm(StringValues values) => values.Count switch
    {
        0 => null,
        1 when Digest.IsSupportedAlgorithm(values[0]) => values[0],
        _ => throw new RegistryException(
            RegistryErrorCode.DigestInvalid, $"unsupported digest algorithm '{ClientText.Printable(values.ToString())}'; this registry verifies {Digest.Sha256} and {Digest.Sha512}"),
    };

    /// <summary>The <c>n</c> of a paged list: absent means everything, and it is capped at <paramref name="max"/>.</summary>
    public static int ParsePageSize(HttpRequest request, int max)
    {
        var value = request.Query["n"].ToString();
        if (value.Length == 0)
        {
            return int.MaxValue - 1;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? Math.Min(n, max)
            : throw new RegistryException(RegistryErrorCode.PaginationNumberInvalid, $"n must be a non-negative integer, not '{ClientText.Printable(value)}'");
    }

    public static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
}
