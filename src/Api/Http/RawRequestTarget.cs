namespace OrleansRegistry.Api.Http;

/// <summary>
/// The request target exactly as the client wrote it (<c>IHttpRequestFeature.RawTarget</c>). Kestrel resolves
/// <c>.</c> and <c>..</c> segments, percent-encoded ones too, before anything routes the path, so only the raw
/// target shows that the client addressed something else than what would be routed.
/// </summary>
public static class RawRequestTarget
{
    /// <summary>Whether the path has a <c>.</c> or <c>..</c> segment, written raw or percent-encoded in any case.</summary>
    public static bool HasDotSegment(string rawTarget) => PathOf(rawTarget).Split('/').Any(IsDotSegment);

    /// <summary>The path of an origin-form (<c>/v2/…?q</c>) or absolute-form (<c>http://host/v2/…</c>) target; none for <c>*</c>.</summary>
    private static string PathOf(string rawTarget)
    {
        var scheme = rawTarget.IndexOf("://", StringComparison.Ordinal);
        var start = rawTarget.StartsWith('/') ? 0 : scheme >= 0 ? rawTarget.IndexOf('/', scheme + 3) : -1;
        if (start < 0)
        {
            return "";
        }

        var end = rawTarget.IndexOf('?', start);
        return end < 0 ? rawTarget[start..] : rawTarget[start..end];
    }

    private static bool IsDotSegment(string segment) => segment.Replace("%2e", ".", StringComparison.OrdinalIgnoreCase) is "." or "..";
}
