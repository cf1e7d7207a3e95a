using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;

namespace OrleansRegistry.Grains.Collection;

/// <summary>
/// Where the collector finds its work: the repositories that have candidates (an unreferenced blob, an untagged
/// manifest) and the blobs no repository links. Each repository and blob adds and removes itself, inside its own
/// turns, so an entry is never removed behind the back of a candidate that has just come. It calls no grain, so
/// anyone may call it.
/// </summary>
[Alias("ICollectionQueueGrain")]
public interface ICollectionQueueGrain : IGrainWithIntegerKey
{
    [Alias("AddRepository")]
    Task AddRepositoryAsync(RepositoryName repository);

    [Alias("RemoveRepository")]
    Task RemoveRepositoryAsync(RepositoryName repository);

    [Alias("ListRepositories")]
    Task<Page<RepositoryName>> ListRepositoriesAsync(string? after, int limit);

    [Alias("AddBlob")]
    Task AddBlobAsync(Digest digest);

    [Alias("RemoveBlob")]
    Task RemoveBlobAsync(Digest digest);

    [Alias("ListBlobs")]
    Task<Page<Digest>> ListBlobsAsync(string? after, int limit);
}
