using System.Globalization;

namespace OrleansRegistry.Grains.Persistence;

/// <summary>Times as entry values: Unix milliseconds, the same in every store and culture.</summary>
internal static class EntryTimes
{
    public static string Format(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    public static DateTimeOffset? Parse(string? value) =>
        value is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(value, CultureInfo.InvariantCulture));
}
