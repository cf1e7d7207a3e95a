using OrleansRegistry.Application.PullThrough;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Storage;
using OrleansRegistry.Upstream;

namespace OrleansRegistry.Application.Blobs;

/// <summary>Blobs as a repository holds them: linked there (fetched first, in a cached repository), read from storage.</summary>
public sealed class BlobService(IGrainFactory grains, IBlobStore store, Upstreams upstreams, CachedBlobs cached)
{
    /// <summary>
    /// A blob linked to the repository, or <c>BLOB_UNKNOWN</c>; in a repository that caches an upstream, fetched
    /// from there first where it must be.
    /// </summary>
    /// <param name="receiver">
    /// For a cached repository: where the bytes go as they arrive, should this request be the one that fetches them
    /// (see <see cref="CachedBlobs.EnsureAsync"/>).
    /// </param>
    public async Task<CachedBlob> GetAsync(RepositoryName repository, Digest digest, BlobReceiver? receiver, CancellationToken cancellationToken)
    {
        if (upstreams.Find(repository) is { } proxied)
        {
            return await cached.EnsureAsync(proxied, digest, receiver, cancellationToken);
        }

        var size = await grains.Repository(repository).GetBlobAsync(digest) ?? throw new RegistryException(RegistryErrorCode.BlobUnknown, digest.ToString());
        return new CachedBlob(size, null, false);
    }

    /// <summary>A URL of the object store the client may fetch the blob from itself, where storage offers one.</summary>
    public Task<Uri?> GetDownloadUrlAsync(Digest digest, CancellationToken cancellationToken) =>
        store.GetDownloadUrlAsync(digest, cancellationToken);

    public async Task<Stream> OpenAsync(Digest digest, long offset, long length, CancellationToken cancellationToken)
    {
        try
        {
            return await store.OpenBlobAsync(digest, offset, length, cancellationToken);
        }
        catch (BlobNotFoundException)
        {
            throw new RegistryException(RegistryErrorCode.BlobUnknown, $"{digest} is linked but missing from storage");
        }
    }

    /// <summary>Unlinks the blob from the repository; other repositories keep it.</summary>
    public Task DeleteAsync(RepositoryName repository, Digest digest) => grains.Repository(repository).UnlinkBlobAsync(digest);
}
