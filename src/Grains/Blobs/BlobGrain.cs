using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Persistence;

namespace OrleansRegistry.Grains.Blobs;

/// <summary>
/// A blob by digest: its size, and the repositories that link it. A base layer may be linked by thousands of
/// repositories, so the links are sharded and a new link writes one shard.
/// </summary>
internal sealed class BlobGrain(
    [PersistentState("blob", GrainStorageNames.Registry)] IPersistentState<BlobState> head) : Grain, IBlobGrain
{
    private ShardedState<RepositoryNameShard> _links = null!;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _links = ShardedState<RepositoryNameShard>.Of(GrainContext, "blob-links");
        await _links.ReadAsync();
        if (head.State.Links.Count > 0)
        {
            await _links.AddAllAsync(head.State.Links);
            head.State.Links.Clear();
            await head.WriteStateAsync();
        }
    }

    public async Task RegisterAsync(long size)
    {
        if (head.State.Size != size)
        {
            head.State.Size = size;
            await head.WriteStateAsync();
        }
    }

    public Task<long?> GetSizeAsync() => Task.FromResult(head.State.Size);

    public async Task AddLinkAsync(string repository)
    {
        if (_links[repository].Repositories.Add(repository))
        {
            await WriteLinksAsync(repository);
        }
    }

    public async Task RemoveLinkAsync(string repository)
    {
        if (_links[repository].Repositories.Remove(repository))
        {
            await WriteLinksAsync(repository);
        }
    }

    public Task<IReadOnlyList<string>> GetLinksAsync() =>
        Task.FromResult<IReadOnlyList<string>>(_links.All.SelectMany(shard => shard.Repositories).Order(StringComparer.Ordinal).ToList());

    private async Task WriteLinksAsync(string repository)
    {
        try
        {
            await _links.WriteAsync(repository);
        }
        catch
        {
            // Memory may now be ahead of storage (or a shard's ETag behind it): the next call reloads both.
            DeactivateOnIdle();
            throw;
        }
    }
}
