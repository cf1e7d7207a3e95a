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
    public async Task List_tags_of_a_repository_that_never_existed_is_null()
    {
        // Null lets the gateway answer NAME_UNKNOWN rather than an empty list.
        Assert.Null(await _grains.Repository(Names.Repository("never")).ListTagsAsync(null, 10));
    }

    [Fact]
    public async Task List_tags_of_a_repository_with_blobs_but_no_tags_is_empty()
    {
        var blob = TestManifests.NewBlob();
        await Repository.LinkBlobAsync(blob.Digest, blob.Size);

        var page = await Repository.ListTagsAsync(null, 10);

        Assert.NotNull(page);
        Assert.Empty(page.Items);
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task List_tags_are_in_case_insensitive_lexical_order_with_tags_differing_only_in_case_kept_apart()
    {
        await TagAsync("b", "a", "B", "10", "9", "_x");

        var page = await Repository.ListTagsAsync(null, 100);

        Assert.Equal(["10", "9", "a", "B", "b", "_x"], page!.Values());
        Assert.False(page!.HasMore);
    }

    [Fact]
    public async Task List_tags_paged_by_last_and_limit_walks_every_tag_once()
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
    public async Task List_tags_with_a_limit_that_ends_exactly_at_the_last_tag_says_no_more_follow()
    {
        await TagAsync("a", "b");

        var page = await Repository.ListTagsAsync(null, 2);

        Assert.Equal(["a", "b"], page!.Values());
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task List_tags_with_a_last_that_is_no_tag_starts_after_where_it_would_sort()
    {
        await TagAsync("a", "b", "d", "e");

        var page = await Repository.ListTagsAsync("c", 10);

        Assert.Equal(["d", "e"], page!.Values());
    }

    [Fact]
    public async Task List_tags_after_the_last_tag_is_empty()
    {
        await TagAsync("a", "b");

        var page = await Repository.ListTagsAsync("b", 10);

        Assert.Empty(page!.Items);
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task List_tags_with_limit_zero_lists_nothing_but_says_more_follow()
    {
        await TagAsync("a");

        var page = await Repository.ListTagsAsync(null, 0);

        Assert.Empty(page!.Items);
        Assert.True(page.HasMore);
    }

    [Fact]
    public async Task List_tags_of_two_tags_on_one_manifest_lists_both()
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
