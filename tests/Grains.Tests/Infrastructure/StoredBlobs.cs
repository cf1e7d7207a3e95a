using OrleansRegistry.Core.Digests;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Grains.Tests.Infrastructure;

/// <summary>Blobs whose bytes are in the cluster's storage, for specs that watch bytes go.</summary>
internal static class StoredBlobs
{
    public static Task<BlobLink> StoreAsync(this RegistryCluster cluster, int size = 1000) => cluster.StoreAsync(TestContent.RandomBytes(size));

    public static async Task<BlobLink> StoreAsync(this RegistryCluster cluster, byte[] content)
    {
        var digest = Digest.ComputeSha256(content);
        await cluster.Store.PutBlobAsync(digest, content, CancellationToken.None);
        return new BlobLink(digest, content.Length);
    }

    /// <summary>Stores the blob and links it to the repository, as a finished upload does.</summary>
    public static async Task<BlobLink> PushAsync(this RegistryCluster cluster, IRepositoryGrain repository, int size = 1000)
    {
        var blob = await cluster.StoreAsync(size);
        await repository.LinkBlobAsync(blob.Digest, blob.Size);
        return blob;
    }

    public static async Task<bool> IsStoredAsync(this RegistryCluster cluster, Digest digest) =>
        await cluster.Store.GetBlobSizeAsync(digest, CancellationToken.None) is not null;
}
