using OrleansRegistry.Grains.Abstractions;

namespace OrleansRegistry.Grains;

internal static class SortedPaging
{
    /// <summary>
    /// The entries after <paramref name="last"/>, at most <paramref name="limit"/> of them, in O(log n + limit):
    /// a paged request costs its page, not the whole list. Entries are kept as the strings they were stored as and
    /// become typed values (<paramref name="parse"/>) only for the page.
    /// </summary>
    public static Page<T> PageAfter<T>(SortedSet<string> entries, string? last, int limit, Func<string, T> parse)
    {
        if (last is null && entries.Count <= limit)
        {
            // The whole set: an in-order copy is several times cheaper than enumerating the tree.
            var all = new string[entries.Count];
            entries.CopyTo(all);
            return new Page<T>(Array.ConvertAll(all, entry => parse(entry)), false);
        }

        IEnumerable<string> tail = entries;
        if (last is not null)
        {
            if (entries.Count == 0 || entries.Comparer.Compare(last, entries.Max) >= 0)
            {
                return new Page<T>([], false);
            }

            tail = entries.GetViewBetween(last, entries.Max!).SkipWhile(entry => entry == last);
        }

        var items = tail.Take(limit + 1).Select(parse).ToList();
        var hasMore = items.Count > limit;
        if (hasMore)
        {
            items.RemoveAt(limit);
        }

        return new Page<T>(items, hasMore);
    }
}
