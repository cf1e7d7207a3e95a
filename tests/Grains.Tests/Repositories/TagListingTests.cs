using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Tests.Infrastructure;

namespace OrleansRegistry.Grains.Tests.Repositories;

/// <summary>
/// <c>tags/list</c>: tags in ordinal order, paged by <c>last</c> (start after it) and a limit, with whether more
/// follow so the gateway can send a <c>Link</c> header.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TagListingTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Cluster.Grains;
    private readonly RepositoryName _name = Names.Repository("tags");

    private IRepositoryGrain Repository => _grains.Repository(_name);

    [Fact]
    public async Task ListTags_OfARepositoryThatNeverExisted_IsNull()
    {
        // Null lets the gateway answer NAME_UNKNOWN rather than an empty list.
        Assert.Null(await _grains.Repository(Names.Repository("never")).ListTagsAsync(null, 10));
    }

    [Fact]
    public async Task ListTags_OfARepositoryWithBlobsButNoTags_IsEmpty()
    {
        var blob = TestManifests.NewBlob();
        await Repository.LinkBlobAsync(blob.Digest, blob.Size);

        var page = await Repository.ListTagsAsync(null, 10);

        Assert.NotNull(page);
        Assert.Empty(page.Items);
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task ListTags_AreInCaseInsensitiveLexicalOrder_WithTagsDifferingOnlyInCaseKeptApart()
    {
        await TagAsync("b", "a", "B", "10", "9", "_x");

        var page = await Repository.ListTagsAsync(null, 100);

        Assert.Equal(["10", "9", "a", "B", "b", "_x"], page!.Values());
        Assert.False(page!.HasMore);
    }

    [Fact]
    public async Task ListTags_PagedByLastAndLimit_WalksEveryTagOnce()
    {
        await TagAsync("a", "b", "c", "d", "e");

        var first = await Repository.ListTagsAsync(null, 2);
        var second = await Repository.ListTagsAsync(first!.Values()[^1], 2);
        var third = await Repository.ListTagsAsync(second!.Values()[^1], 2);

        Assert.Equal(["a", "b"], first.Values());
        Assert.True(first.HasMore);
        Assert.Equal(["c", "d"], second.Values());
        Assert.True(second.HasMore);
        Assert.Equal(["e"], third!.Values());
        Assert.False(third.HasMore);
    }

    [Fact]
    public async Task ListTags_WithALimitThatEndsExactlyAtTheLastTag_SaysNoMoreFollow()
    {
        await TagAsync("a", "b");

        var page = await Repository.ListTagsAsync(null, 2);

        Assert.Equal(["a", "b"], page!.Values());
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task ListTags_WithALastThatIsNoTag_StartsAfterWhereItWouldSort()
    {
        await TagAsync("a", "b", "d", "e");

        var page = await Repository.ListTagsAsync("c", 10);

        Assert.Equal(["d", "e"], page!.Values());
    }

    [Fact]
    public async Task ListTags_AfterTheLastTag_IsEmpty()
    {
        await TagAsync("a", "b");

        var page = await Repository.ListTagsAsync("b", 10);

        Assert.Empty(page!.Items);
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task ListTags_WithLimitZero_ListsNothingButSaysMoreFollow()
    {
        await TagAsync("a");

        var page = await Repository.ListTagsAsync(null, 0);

        Assert.Empty(page!.Items);
        Assert.True(page.HasMore);
    }

    [Fact]
    public async Task ListTags_OfTwoTagsOnOneManifest_ListsBoth()
    {
        await Repository.PutManifestAsync(TestManifests.Image(), "v1");
        var manifest = await Repository.GetManifestAsync("v1");

        await Repository.PutManifestAsync(manifest, "latest");

        Assert.Equal(["latest", "v1"], (await Repository.ListTagsAsync(null, 10))!.Values());
    }

    private async Task TagAsync(params string[] tags)
    {
        foreach (var tag in tags)
        {
            await Repository.PutManifestAsync(TestManifests.Image(), tag);
        }
    }
}
