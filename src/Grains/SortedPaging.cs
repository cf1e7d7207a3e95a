using OrleansRegistry.Grains.Abstractions;

namespace OrleansRegistry.Grains;

internal static class SortedPaging
{
    /// <summary>
    /// The entries after <paramref name="last"/>, at most <paramref name="limit"/> of them, in O(log n + limit):
    /// a paged request costs its page, not the whole list.
    /// </summary>
    public static Page PageAfter(SortedSet<string> entries, string? last, int limit)
    {
        if (last is null && entries.Count <= limit)
        {
            // The whole set: an in-order copy is several times cheaper than enumerating the tree.
            var all = new string[entries.Count];
            entries.CopyTo(all);
            return new Page(all, false);
        }

        IEnumerable<string> tail = entries;
        if (last is not null)
        {
            if (entries.Count == 0 || entries.Comparer.Compare(last, entries.Max) >= 0)
            {
                return new Page([], false);
            }

            tail = entries.GetViewBetween(last, entries.Max!).SkipWhile(entry => entry == last);
        }

        var items = tail.Take(limit + 1).ToList();
        var hasMore = items.Count > limit;
        if (hasMore)
        {
            items.RemoveAt(limit);
        }

        return new Page(items, hasMore);
    }
}
