using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Persistence;
using OrleansRegistry.Grains.Persistence.Legacy;
using OrleansRegistry.Metadata;

namespace OrleansRegistry.Grains.Blobs;

/// <summary>
/// A blob by digest: its size, and the repositories that link it, an entry each, so that a base layer linked by
/// thousands of repositories costs one small write per new link.
/// </summary>
internal sealed class BlobGrain(IEntryStore store) : Grain, IBlobGrain
{
    private GrainEntries _entries = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _entries = new GrainEntries(store, EntryOwners.Blob(Digest.Parse(this.GetPrimaryKeyString())), GrainContext);
        await _entries.OpenAsync();
        if (!_entries.InLayout)
        {
            await LegacyBlobMove.MoveAsync(_entries, GrainContext);
        }
    }

    public Task LinkAsync(RepositoryName repository, long size) =>
        _entries.WriteAsync([BlobEntries.PutSize(size), BlobEntries.PutLink(repository.Value)]);

    public Task UnlinkAsync(RepositoryName repository) => _entries.WriteAsync([BlobEntries.DeleteLink(repository.Value)]);

    public async Task<long?> GetSizeAsync() => BlobEntries.SizeOf(await _entries.GetAsync(BlobEntries.Head, BlobEntries.SizeKey));

    public async Task<IReadOnlyList<RepositoryName>> GetLinksAsync()
    {
        var links = new List<RepositoryName>();
        await foreach (var repository in _entries.ListAllAsync(BlobEntries.Links))
        {
            links.Add(RepositoryName.Parse(repository));
        }

        return links;
    }
}
