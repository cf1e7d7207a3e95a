using OrleansRegistry.Core.Digests;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Grains.Tests.Infrastructure;

/// <summary>
/// Plays the gateway's part in an upload, as its chunk writer does: take a lease, resume the hash from the lease's
/// state, stream the chunk to storage at the lease's offset, and commit the bytes and the new hash state.
/// </summary>
internal sealed class UploadWriter(IGrainFactory grains, IBlobStore store)
{
    public IUploadSessionGrain Session(string uploadId) => grains.GetGrain<IUploadSessionGrain>(uploadId);

    public async Task<string> StartAsync(string repository)
    {
        var uploadId = Names.UploadId();
        await Session(uploadId).StartAsync(repository);
        return uploadId;
    }

    /// <summary>Writes one chunk under a lease of its own and commits it.</summary>
    public async Task<UploadStatus> WriteChunkAsync(string uploadId, string repository, byte[] chunk, long? expectedOffset = null)
    {
        var lease = await Session(uploadId).AcquireWriteAsync(repository, expectedOffset, Guid.NewGuid());
        var written = await WriteUnderLeaseAsync(lease, chunk);
        return await Session(uploadId).CommitWriteAsync(lease.LeaseId, written);
    }

    /// <summary>Writes a chunk to storage under a lease, without committing it.</summary>
    public async Task<ChunkWritten> WriteUnderLeaseAsync(WriteLease lease, byte[] chunk)
    {
        using var hash = ResumableSha256.Resume(lease.HashState);
        hash.Append(chunk);
        var write = await store.WriteUploadAsync(lease.StorageToken, lease.Offset, new MemoryStream(chunk), CancellationToken.None);
        return new ChunkWritten(write.BytesWritten, write.Token, hash.ExportState());
    }

    /// <summary>A whole blob pushed in one chunk, as real clients push: start, one write, complete.</summary>
    public async Task<BlobLink> PushBlobAsync(string repository, byte[] content)
    {
        var uploadId = await StartAsync(repository);
        await WriteChunkAsync(uploadId, repository, content);
        return await Session(uploadId).CompleteAsync(repository, Digest.ComputeSha256(content).ToString());
    }
}
