using OrleansRegistry.Core.Digests;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Application.Storage;

/// <summary>
/// Writes bytes to their content address, the one way every writer (uploads, manifests, the pull-through cache)
/// does it: the blob grain hears of the write first and holds off any deletion of the blob until the writer has
/// linked what it wrote, so the collector can never delete bytes between their write and their link.
/// </summary>
public sealed class ContentCommits(IGrainFactory grains, IBlobStore store)
{
    /// <summary>Moves the first <paramref name="size"/> bytes of a staged upload to the blob's address.</summary>
    public async Task CommitUploadAsync(string token, long size, Digest digest, CancellationToken cancellationToken)
    {
        await grains.Blob(digest).PrepareCommitAsync();
        await store.CommitUploadAsync(token, size, digest, cancellationToken);
    }

    /// <summary>Stores small content (a manifest) whose digest the caller computed from these bytes.</summary>
    public async Task PutAsync(Digest digest, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await grains.Blob(digest).PrepareCommitAsync();
        await store.PutBlobAsync(digest, content, cancellationToken);
    }
}
