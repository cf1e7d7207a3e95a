using OrleansRegistry.Metadata;
using Xunit;

namespace OrleansRegistry.TestKit.Metadata;

/// <summary>
/// What every metadata store promises (<see cref="IEntryStore"/>), as specifications each store's test project runs
/// through one subclass that supplies the store. Tests keep apart by owners of their own.
/// </summary>
public abstract class EntryStoreContract
{
    protected abstract IEntryStore Store { get; }

    private static EntryOwner NewOwner() => new("test", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_put_value_is_read_back_and_a_missing_one_is_null()
    {
        var owner = NewOwner();
        var fence = await Store.OpenAsync(owner, default);

        await Store.WriteAsync(fence, [EntryChange.Put("tags", "v1", "sha256:1")], default);

        Assert.Equal("sha256:1", await Store.GetAsync(owner, "tags", "v1", default));
        Assert.Null(await Store.GetAsync(owner, "tags", "v2", default));
        Assert.Null(await Store.GetAsync(owner, "other", "v1", default));
        Assert.Null(await Store.GetAsync(NewOwner(), "tags", "v1", default));
    }

    [Fact]
    public async Task A_put_replaces_the_value_and_a_delete_removes_the_key()
    {
        var owner = NewOwner();
        var fence = await Store.OpenAsync(owner, default);
        await Store.WriteAsync(fence, [EntryChange.Put("tags", "v1", "a"), EntryChange.Put("tags", "v2", "b")], default);

        await Store.WriteAsync(fence, [EntryChange.Put("tags", "v1", "c"), EntryChange.Delete("tags", "v2")], default);

        Assert.Equal(["c", null], await Store.GetManyAsync(owner, "tags", ["v1", "v2"], default));
        Assert.Equal(["v1"], (await Store.ListAsync(owner, "tags", null, 10, default)).Keys);
    }

    [Fact]
    public async Task Deleting_a_missing_key_changes_nothing()
    {
        var owner = NewOwner();
        var fence = await Store.OpenAsync(owner, default);

        await Store.WriteAsync(fence, [EntryChange.Delete("tags", "never")], default);

        Assert.Empty((await Store.ListAsync(owner, "tags", null, 10, default)).Keys);
    }

    [Fact]
    public async Task Get_many_answers_in_the_order_asked_in_one_call()
    {
        var owner = NewOwner();
        var fence = await Store.OpenAsync(owner, default);
        await Store.WriteAsync(fence, [EntryChange.Put("blobs", "b", "2"), EntryChange.Put("blobs", "a", "1")], default);

        Assert.Equal(["1", null, "2"], await Store.GetManyAsync(owner, "blobs", ["a", "x", "b"], default));
        Assert.Empty(await Store.GetManyAsync(owner, "blobs", [], default));
    }

    [Fact]
    public async Task Keys_list_in_case_insensitive_order_with_keys_differing_only_in_case_kept_apart()
    {
        var owner = NewOwner();
        var fence = await Store.OpenAsync(owner, default);
        string[] keys = ["b", "a", "B", "10", "9", "_x", "a-b", "a.b", "a/b", "ab", "A"];
        await Store.WriteAsync(fence, keys.Select(key => EntryChange.Put("tags", key, key)).ToList(), default);

        var page = await Store.ListAsync(owner, "tags", null, 100, default);

        Assert.Equal(["10", "9", "A", "a", "a-b", "a.b", "a/b", "ab", "B", "b", "_x"], page.Keys);
        Assert.False(page.HasMore);
        Assert.Equal(keys.Order(ListingOrder.Comparer), page.Keys);
    }

    [Fact]
    public async Task Pages_walk_every_key_once_and_say_whether_more_follow()
    {
        var owner = NewOwner();
        var fence = await Store.OpenAsync(owner, default);
        await Store.WriteAsync(fence, new[] { "a", "b", "c", "d", "e" }.Select(key => EntryChange.Put("tags", key, "")).ToList(), default);

        var first = await Store.ListAsync(owner, "tags", null, 2, default);
        var second = await Store.ListAsync(owner, "tags", first.Keys[^1], 2, default);
        var third = await Store.ListAsync(owner, "tags", second.Keys[^1], 2, default);

        Assert.Equal(["a", "b"], first.Keys);
        Assert.True(first.HasMore);
        Assert.Equal(["c", "d"], second.Keys);
        Assert.True(second.HasMore);
        Assert.Equal(["e"], third.Keys);
        Assert.False(third.HasMore);
    }

    [Fact]
    public async Task A_page_ending_exactly_at_the_last_key_says_none_follow()
    {
        var owner = NewOwner();
        var fence = await Store.OpenAsync(owner, default);
        await Store.WriteAsync(fence, [EntryChange.Put("tags", "a", ""), EntryChange.Put("tags", "b", "")], default);

        var page = await Store.ListAsync(owner, "tags", null, 2, default);

        Assert.Equal(["a", "b"], page.Keys);
        Assert.False(page.HasMore);
    }

    [Theory]
    [InlineData("b", new[] { "c", "d" })]
    [InlineData("bb", new[] { "c", "d" })]
    [InlineData("B", new[] { "b", "c", "d" })]
    [InlineData("0", new[] { "a", "b", "c", "d" })]
    [InlineData("z", new string[0])]
    public async Task A_page_after_a_key_that_does_not_exist_starts_where_it_would_sort(string after, string[] expected)
    {
        var owner = NewOwner();
        var fence = await Store.OpenAsync(owner, default);
        await Store.WriteAsync(fence, new[] { "a", "b", "c", "d" }.Select(key => EntryChange.Put("tags", key, "")).ToList(), default);

        Assert.Equal(expected, (await Store.ListAsync(owner, "tags", after, 10, default)).Keys);
    }

    [Fact]
    public async Task A_page_of_nothing_is_empty_but_says_whether_keys_exist()
    {
        var owner = NewOwner();
        var fence = await Store.OpenAsync(owner, default);

        Assert.False((await Store.ListAsync(owner, "tags", null, 0, default)).HasMore);
        await Store.WriteAsync(fence, [EntryChange.Put("tags", "a", "")], default);
        var page = await Store.ListAsync(owner, "tags", null, 0, default);
        Assert.Empty(page.Keys);
        Assert.True(page.HasMore);
    }

    [Fact]
    public async Task Collections_and_owners_are_apart()
    {
        var owner = NewOwner();
        var other = NewOwner();
        var fence = await Store.OpenAsync(owner, default);
        var otherFence = await Store.OpenAsync(other, default);

        await Store.WriteAsync(fence, [EntryChange.Put("tags", "a", "1"), EntryChange.Put("tags-of:x", "a", "")], default);
        await Store.WriteAsync(otherFence, [EntryChange.Put("tags", "b", "2")], default);

        Assert.Equal(["a"], (await Store.ListAsync(owner, "tags", null, 10, default)).Keys);
        Assert.Equal(["a"], (await Store.ListAsync(owner, "tags-of:x", null, 10, default)).Keys);
        Assert.Equal(["b"], (await Store.ListAsync(other, "tags", null, 10, default)).Keys);
    }

    [Fact]
    public async Task A_writer_whose_owner_was_opened_again_is_refused_and_changes_nothing()
    {
        var owner = NewOwner();
        var stale = await Store.OpenAsync(owner, default);
        await Store.WriteAsync(stale, [EntryChange.Put("tags", "v1", "old")], default);
        var current = await Store.OpenAsync(owner, default);
        await Store.WriteAsync(current, [EntryChange.Put("tags", "v1", "new")], default);

        var refusal = await Assert.ThrowsAsync<StaleFenceException>(() =>
            Store.WriteAsync(stale, [EntryChange.Put("tags", "v1", "stale"), EntryChange.Put("tags", "v2", "stale")], default));

        Assert.Equal(stale, refusal.Fence);
        Assert.Equal(["new", null], await Store.GetManyAsync(owner, "tags", ["v1", "v2"], default));
        Assert.True(current.Epoch > stale.Epoch);
    }

    [Fact]
    public async Task A_writer_that_never_opened_its_owner_is_refused()
    {
        var owner = NewOwner();

        await Assert.ThrowsAsync<StaleFenceException>(() =>
            Store.WriteAsync(new EntryFence(owner, 1), [EntryChange.Put("tags", "v1", "x")], default));
    }

    [Fact]
    public async Task A_batch_changes_several_collections_at_once()
    {
        var owner = NewOwner();
        var fence = await Store.OpenAsync(owner, default);

        await Store.WriteAsync(fence,
        [
            EntryChange.Put("manifests", "sha256:m", "{}"),
            EntryChange.Put("tags", "latest", "sha256:m"),
            EntryChange.Put("tags-of:sha256:m", "latest", ""),
        ], default);

        Assert.Equal("{}", await Store.GetAsync(owner, "manifests", "sha256:m", default));
        Assert.Equal("sha256:m", await Store.GetAsync(owner, "tags", "latest", default));
        Assert.Equal(["latest"], (await Store.ListAsync(owner, "tags-of:sha256:m", null, 10, default)).Keys);
    }

    [Fact]
    public async Task Values_keep_any_text()
    {
        var owner = NewOwner();
        var fence = await Store.OpenAsync(owner, default);
        const string value = "{\"a\":\"\\u0001 ü ✓ \\n\"}\n\t";

        await Store.WriteAsync(fence, [EntryChange.Put("manifests", "k", value), EntryChange.Put("manifests", "empty", "")], default);

        Assert.Equal([value, ""], await Store.GetManyAsync(owner, "manifests", ["k", "empty"], default));
    }

    [Fact]
    public async Task Concurrent_writers_of_different_owners_all_land()
    {
        var owners = Enumerable.Range(0, 8).Select(_ => NewOwner()).ToList();

        await Task.WhenAll(owners.Select(async owner =>
        {
            var fence = await Store.OpenAsync(owner, default);
            for (var i = 0; i < 20; i++)
            {
                await Store.WriteAsync(fence, [EntryChange.Put("tags", $"t{i:D2}", $"{i}")], default);
            }
        }));

        foreach (var owner in owners)
        {
            Assert.Equal(20, (await Store.ListAsync(owner, "tags", null, 100, default)).Keys.Count);
        }
    }
}
