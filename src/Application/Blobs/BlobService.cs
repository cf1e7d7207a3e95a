using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Application.Blobs;

/// <summary>Blobs as a repository holds them: linked there, read from storage.</summary>
public sealed class BlobService(IGrainFactory grains, IBlobStore store)
{
    /// <summary>The size of a blob linked to the repository, or <c>BLOB_UNKNOWN</c>.</summary>
    public async Task<long> GetSizeAsync(RepositoryName repository, Digest digest) =>
        await grains.Repository(repository).GetBlobAsync(digest) ?? throw new RegistryException(RegistryErrorCode.BlobUnknown, digest.ToString());

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
