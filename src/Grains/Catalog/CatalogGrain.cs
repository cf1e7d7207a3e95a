using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Persistence;
using OrleansRegistry.Grains.Persistence.Legacy;
using OrleansRegistry.Metadata;

namespace OrleansRegistry.Grains.Catalog;

/// <summary>The sorted list of repositories: an entry per name, paged from the metadata store.</summary>
internal sealed class CatalogGrain(IEntryStore store) : Grain, ICatalogGrain
{
    private GrainEntries _entries = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _entries = new GrainEntries(store, EntryOwners.Catalog, GrainContext);
        await _entries.OpenAsync();
        if (!_entries.InLayout)
        {
            await LegacyCatalogMove.MoveAsync(_entries, GrainContext);
        }
    }

    public Task AddAsync(RepositoryName repository) => _entries.WriteAsync([CatalogEntries.PutRepository(repository.Value)]);

    public async Task<Page<RepositoryName>> ListAsync(string? last, int limit)
    {
        var page = await _entries.ListAsync(CatalogEntries.Repositories, last, limit);
        return new Page<RepositoryName>(page.Keys.Select(RepositoryName.Parse).ToList(), page.HasMore);
    }
}
