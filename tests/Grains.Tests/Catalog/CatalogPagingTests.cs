using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Grains.Tests.Catalog;

/// <summary>
/// <c>_catalog</c>: every repository that ever stored something, in ordinal order, paged like tags. These tests
/// run on a cluster of their own, since the catalog is one grain for the whole registry.
/// </summary>
public sealed class CatalogPagingTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();
    private RegistryCluster _cluster = null!;

    private ICatalogGrain Catalog => _cluster.Grains.Catalog();

    public async Task InitializeAsync()
    {
        _cluster = await RegistryCluster.StartAsync(_directory.Path);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Catalog_of_a_new_registry_is_empty()
    {
        var page = await Catalog.ListAsync(null, 100);

        Assert.Empty(page.Items);
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task Catalog_lists_repositories_once_they_store_something_in_ordinal_order()
    {
        foreach (var name in new[] { "zeta", "alpha/b", "alpha", "alpha.b", "alpha-b", "0day" })
        {
            await LinkSomethingAsync(RepositoryName.Parse(name));
        }

        // Merely looking at a repository does not create it.
        await _cluster.Grains.Repository(RepositoryName.Parse("ghost")).ListTagsAsync(null, 10);

        var page = await Catalog.ListAsync(null, 100);
        // Ordinal: '-' < '.' < '/' < digits < letters.
        Assert.Equal(["0day", "alpha", "alpha-b", "alpha.b", "alpha/b", "zeta"], page.Values());
    }

    [Fact]
    public async Task Catalog_lists_a_repository_once_however_often_it_saves()
    {
        await LinkSomethingAsync(RepositoryName.Parse("repeat"));
        await LinkSomethingAsync(RepositoryName.Parse("repeat"));
        await _cluster.Grains.Repository(RepositoryName.Parse("repeat")).PutManifestAsync(TestManifests.Image(), "v1");

        Assert.Equal(["repeat"], (await Catalog.ListAsync(null, 100)).Values());
    }

    [Fact]
    public async Task Catalog_paged_by_last_and_limit_walks_every_repository_once()
    {
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            await LinkSomethingAsync(RepositoryName.Parse(name));
        }

        var first = await Catalog.ListAsync(null, 2);
        var second = await Catalog.ListAsync("b", 2);
        var third = await Catalog.ListAsync("d", 2);
        var beyond = await Catalog.ListAsync("e", 2);

        Assert.Equal(["a", "b"], first.Values());
        Assert.True(first.HasMore);
        Assert.Equal(["c", "d"], second.Values());
        Assert.True(second.HasMore);
        Assert.Equal(["e"], third.Values());
        Assert.False(third.HasMore);
        Assert.Empty(beyond.Items);
        Assert.False(beyond.HasMore);
    }

    [Fact]
    public async Task Catalog_with_a_last_that_is_no_repository_starts_after_where_it_would_sort()
    {
        foreach (var name in new[] { "a", "c", "e" })
        {
            await LinkSomethingAsync(RepositoryName.Parse(name));
        }

        Assert.Equal(["c", "e"], (await Catalog.ListAsync("b", 10)).Values());
    }

    private Task LinkSomethingAsync(RepositoryName repository) =>
        _cluster.Grains.Repository(repository).LinkBlobAsync(TestManifests.NewDigest(), 1);
}
