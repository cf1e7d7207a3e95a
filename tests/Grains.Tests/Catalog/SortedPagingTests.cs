namespace OrleansRegistry.Grains.Tests.Catalog;

/// <summary>The paging both <c>tags/list</c> and <c>_catalog</c> use, on its own.</summary>
public sealed class SortedPagingTests
{
    private static readonly SortedSet<string> Entries = new(["a", "b", "c", "d"], StringComparer.Ordinal);

    [Theory]
    [InlineData(null, 2, new[] { "a", "b" }, true)]
    [InlineData(null, 4, new[] { "a", "b", "c", "d" }, false)]
    [InlineData(null, 10, new[] { "a", "b", "c", "d" }, false)]
    [InlineData("a", 2, new[] { "b", "c" }, true)]
    [InlineData("b", 2, new[] { "c", "d" }, false)]
    [InlineData("bb", 1, new[] { "c" }, true)]
    [InlineData("", 1, new[] { "a" }, true)]
    [InlineData("d", 5, new string[0], false)]
    [InlineData("z", 5, new string[0], false)]
    [InlineData(null, 0, new string[0], true)]
    public void PageAfter_GivesTheEntriesAfterLast_UpToLimit(string? last, int limit, string[] expected, bool hasMore)
    {
        var page = SortedPaging.PageAfter(Entries, last, limit, entry => entry);

        Assert.Equal(expected, page.Items);
        Assert.Equal(hasMore, page.HasMore);
    }

    [Fact]
    public void PageAfter_OfNoEntries_IsEmpty()
    {
        var page = SortedPaging.PageAfter(new SortedSet<string>(StringComparer.Ordinal), "a", 10, entry => entry);

        Assert.Empty(page.Items);
        Assert.False(page.HasMore);
    }

    [Fact]
    public void PageAfter_ComparesOrdinally()
    {
        var entries = new SortedSet<string>(["B", "a", "b"], StringComparer.Ordinal);

        Assert.Equal(["a", "b"], SortedPaging.PageAfter(entries, "B", 10, entry => entry).Items);
    }
}
