using System.Globalization;
using OrleansRegistry.Core.Errors;

namespace OrleansRegistry.Api.Http;

/// <summary>
/// The <c>Content-Range</c> of an upload chunk: <c>start-end</c>, inclusive, as the spec writes it; the
/// <c>bytes start-end/total</c> form of RFC 9110 is accepted too.
/// </summary>
public readonly record struct ChunkRange(long Start, long End)
{
    public long Length => End - Start + 1;

    public static ChunkRange? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var value = header.Trim();
        if (value.StartsWith("bytes ", StringComparison.OrdinalIgnoreCase))
        {
            value = value[6..].TrimStart();
        }

        var slash = value.IndexOf('/');
        if (slash >= 0)
        {
            value = value[..slash];
        }

        var dash = value.IndexOf('-');
        if (dash <= 0
            || !long.TryParse(value.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            || !long.TryParse(value.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var end)
            || end < start)
        {
            throw new RegistryException(RegistryErrorCode.RangeInvalid, $"malformed Content-Range '{ClientText.Printable(header)}'");
        }

        return new ChunkRange(start, end);
    }
}
