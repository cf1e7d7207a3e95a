using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Persistence;

namespace OrleansRegistry.Grains.Catalog;

internal sealed class CatalogGrain : Grain, ICatalogGrain
{
    /// <summary>Every name, in the spec's lexical order, so that a page costs the page.</summary>
    private readonly SortedSet<string> _repositories = new(LexicalOrder.Instance);
    private ShardedState<RepositoryNameShard> _shards = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _shards = ShardedState<RepositoryNameShard>.Of(GrainContext, "catalog");
        await _shards.ReadAsync();
        foreach (var shard in _shards.All)
        {
            _repositories.UnionWith(shard.Repositories);
        }
    }

    public async Task AddAsync(RepositoryName repository)
    {
        var name = repository.Value;
        if (_repositories.Contains(name))
        {
            return;
        }

        _shards[name].Repositories.Add(name);
        _repositories.Add(name);
        try
        {
            await _shards.WriteAsync(name);
        }
        catch
        {
            // Memory may now be ahead of storage (or a shard's ETag behind it): the next call reloads both.
            DeactivateOnIdle();
            throw;
        }
    }

    public Task<Page<RepositoryName>> ListAsync(string? last, int limit) =>
        Task.FromResult(SortedPaging.PageAfter(_repositories, last, limit, RepositoryName.Parse));
}
