using System.Globalization;

namespace OrleansRegistry.Api.Http;

/// <summary>A single byte range of a <c>Range: bytes=…</c> request header, resolved against a blob's size.</summary>
public readonly record struct ByteRange(long Start, long Length)
{
    public long End => Start + Length - 1;

    /// <summary>
    /// The outcome of a Range header: no range (serve it all: absent, malformed or multi-range headers are
    /// ignored, as RFC 9110 allows), a satisfiable range, or one that cannot be satisfied (416).
    /// </summary>
    public static ByteRangeResult Resolve(string? header, long size)
    {
        if (string.IsNullOrWhiteSpace(header) || !header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || header.Contains(','))
        {
            return ByteRangeResult.Whole;
        }

        var spec = header[6..].Trim();
        var dash = spec.IndexOf('-');
        if (dash < 0)
        {
            return ByteRangeResult.Whole;
        }

        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.Length == 0)
        {
            // A suffix range: the last N bytes.
            if (!TryParse(last, out var suffix))
            {
                return ByteRangeResult.Whole;
            }

            return suffix == 0 || size == 0
                ? ByteRangeResult.Unsatisfiable
                : ByteRangeResult.Of(new ByteRange(Math.Max(0, size - suffix), Math.Min(suffix, size)));
        }

        if (!TryParse(first, out var start))
        {
            return ByteRangeResult.Whole;
        }

        long end;
        if (last.Length == 0)
        {
            end = size - 1;
        }
        else if (!TryParse(last, out end) || end < start)
        {
            return ByteRangeResult.Whole;
        }

        if (start >= size)
        {
            return ByteRangeResult.Unsatisfiable;
        }

        end = Math.Min(end, size - 1);
        return ByteRangeResult.Of(new ByteRange(start, end - start + 1));
    }

    private static bool TryParse(string value, out long number) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out number);
}

public readonly record struct ByteRangeResult(ByteRange? Range, bool IsUnsatisfiable)
{
    public static readonly ByteRangeResult Whole = new(null, false);
    public static readonly ByteRangeResult Unsatisfiable = new(null, true);

    public static ByteRangeResult Of(ByteRange range) => new(range, false);
}
