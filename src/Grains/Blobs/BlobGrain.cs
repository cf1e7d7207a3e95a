using OrleansRegistry.Core.Naming;
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

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _links = ShardedState<RepositoryNameShard>.Of(GrainContext, "blob-links");
        return _links.ReadAsync();
    }

    public async Task LinkAsync(RepositoryName repository, long size)
    {
        try
        {
            if (head.State.Size != size)
            {
                head.State.Size = size;
                await head.WriteStateAsync();
            }

            if (_links[repository.Value].Repositories.Add(repository.Value))
            {
                await _links.WriteAsync(repository.Value);
            }
        }
        catch
        {
            // Memory may now be ahead of storage (or a shard's ETag behind it): the next call reloads both.
            DeactivateOnIdle();
            throw;
        }
    }

    public async Task UnlinkAsync(RepositoryName repository)
    {
        if (!_links[repository.Value].Repositories.Remove(repository.Value))
        {
            return;
        }

        try
        {
            await _links.WriteAsync(repository.Value);
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    public Task<long?> GetSizeAsync() => Task.FromResult(head.State.Size);

    public Task<IReadOnlyList<RepositoryName>> GetLinksAsync() =>
        Task.FromResult<IReadOnlyList<RepositoryName>>(_links.All
            .SelectMany(shard => shard.Repositories)
            .Order(StringComparer.Ordinal)
            .Select(RepositoryName.Parse)
            .ToList());
}
