using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Persistence;

namespace OrleansRegistry.Grains.Catalog;

internal sealed class CatalogGrain(
    [PersistentState("catalog", GrainStorageNames.Registry)] IPersistentState<CatalogState> head) : Grain, ICatalogGrain
{
    /// <summary>Every name, in the spec's lexical order, so that a page costs the page.</summary>
    private readonly SortedSet<string> _repositories = new(LexicalOrder.Instance);
    private ShardedState<RepositoryNameShard> _shards = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _shards = ShardedState<RepositoryNameShard>.Of(GrainContext, "catalog");
        await _shards.ReadAsync();
        if (head.State.Repositories.Count > 0)
        {
            await _shards.AddAllAsync(head.State.Repositories);
            head.State.Repositories.Clear();
            await head.WriteStateAsync();
        }

        foreach (var shard in _shards.All)
        {
            _repositories.UnionWith(shard.Repositories);
        }
    }

    public async Task AddAsync(string repository)
    {
        if (_repositories.Contains(repository))
        {
            return;
        }

        _shards[repository].Repositories.Add(repository);
        _repositories.Add(repository);
        try
        {
            await _shards.WriteAsync(repository);
        }
        catch
        {
            // Memory may now be ahead of storage (or a shard's ETag behind it): the next call reloads both.
            DeactivateOnIdle();
            throw;
        }
    }

    public Task<Page> ListAsync(string? last, int limit) =>
        Task.FromResult(SortedPaging.PageAfter(_repositories, last, limit));
}
