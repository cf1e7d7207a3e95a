namespace OrleansRegistry.Metadata;

/// <summary>
/// The order of every listing: the spec's lexical order, case-insensitive (ordinal on upper case, as
/// <see cref="StringComparer.OrdinalIgnoreCase"/> compares), with an ordinal tie-break so that keys differing only in
/// case are distinct and always in the same order. Stores index a key by its sort key, whose ordinal (bytewise) order
/// is this order, so a page is a range scan.
/// </summary>
/// <remarks>
/// Keys are ASCII (the grammar of names, tags and digests), where upper-casing is per character and the separator,
/// below every printable character, makes a key sort before every longer key it is a prefix of.
/// </remarks>
public static class ListingOrder
{
    private const char Separator = '\u0001';

    public static string SortKey(string key) => string.Concat(key.ToUpperInvariant(), Separator.ToString(), key);

    public static string KeyOf(string sortKey) => sortKey[(sortKey.IndexOf(Separator) + 1)..];

    /// <summary>The same order over keys, for what is sorted in memory.</summary>
    public static IComparer<string> Comparer { get; } = Comparer<string>.Create(
        (x, y) => string.CompareOrdinal(SortKey(x), SortKey(y)));
}
