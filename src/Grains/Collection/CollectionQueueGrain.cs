using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Persistence;
using OrleansRegistry.Metadata;

namespace OrleansRegistry.Grains.Collection;

/// <summary>The collector's work list, an entry per repository or blob with candidates, paged from the metadata store.</summary>
internal sealed class CollectionQueueGrain(IEntryStore store) : Grain, ICollectionQueueGrain
{
    private const string Repositories = "repositories";
    private const string Blobs = "blobs";

    private GrainEntries _entries = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _entries = new GrainEntries(store, EntryOwners.CollectionQueue, GrainContext);
        await _entries.OpenAsync();
    }

    public Task AddRepositoryAsync(RepositoryName repository) => _entries.WriteAsync([EntryChange.Put(Repositories, repository.Value, "")]);

    public Task RemoveRepositoryAsync(RepositoryName repository) => _entries.WriteAsync([EntryChange.Delete(Repositories, repository.Value)]);

    public async Task<Page<RepositoryName>> ListRepositoriesAsync(string? after, int limit)
    {
        var page = await _entries.ListAsync(Repositories, after, limit);
        return new Page<RepositoryName>(page.Keys.Select(RepositoryName.Parse).ToList(), page.HasMore);
    }

    public Task AddBlobAsync(Digest digest) => _entries.WriteAsync([EntryChange.Put(Blobs, digest.ToString(), "")]);

    public Task RemoveBlobAsync(Digest digest) => _entries.WriteAsync([EntryChange.Delete(Blobs, digest.ToString())]);

    public async Task<Page<Digest>> ListBlobsAsync(string? after, int limit)
    {
        var page = await _entries.ListAsync(Blobs, after, limit);
        return new Page<Digest>(page.Keys.Select(Digest.Parse).ToList(), page.HasMore);
    }
}
