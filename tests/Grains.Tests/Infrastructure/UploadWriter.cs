using Microsoft.Extensions.Logging.Abstractions;
using OrleansRegistry.Application.Observability;
using OrleansRegistry.Application.Storage;
using OrleansRegistry.Application.Uploads;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Grains.Tests.Infrastructure;

/// <summary>
/// Plays the gateway's part in an upload. Single steps go straight to the session, as the gateway's chunk writer
/// takes them: take a lease, resume the hash from the lease's state, stream the chunk to storage at the lease's
/// offset, and commit the bytes and the new hash state. Completion goes through the real application layer, which
/// seals the upload, commits its bytes and links the blob.
/// </summary>
internal sealed class UploadWriter(IGrainFactory grains, IBlobStore store)
{
    private readonly UploadService _uploads = UploadServiceOver(grains, store);
    private readonly StillWriting _stillWriting = new();
    private IUploadWriter? _writer;

    /// <summary>
    /// A writer that answers, for every lease, that it is still writing: the lease of a test's chunk then lasts
    /// until the test commits or releases it.
    /// </summary>
    public IUploadWriter Writer => _writer ??= grains.CreateObjectReference<IUploadWriter>(_stillWriting);

    public IUploadSessionGrain Session(UploadId uploadId) => grains.UploadSession(uploadId);

    public async Task<UploadId> StartAsync(RepositoryName repository)
    {
        var uploadId = Names.UploadId();
        await StartAsync(uploadId, repository);
        return uploadId;
    }

    /// <summary>Stages the upload in storage and starts its session, as the gateway does on a POST.</summary>
    public async Task<UploadStatus> StartAsync(UploadId uploadId, RepositoryName repository) =>
        await Session(uploadId).StartAsync(repository, await store.CreateUploadAsync(uploadId.ToString(), CancellationToken.None));

    /// <summary>Writes one chunk under a lease of its own and commits it.</summary>
    public async Task<UploadStatus> WriteChunkAsync(UploadId uploadId, RepositoryName repository, byte[] chunk, long? expectedOffset = null)
    {
        var lease = await Session(uploadId).AcquireWriteAsync(repository, expectedOffset, Guid.NewGuid(), Writer);
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

    /// <summary>Completes the upload as a <c>PUT ?digest=</c> without a body does.</summary>
    public Task<BlobLink> CompleteAsync(UploadId uploadId, RepositoryName repository, Digest digest) =>
        _uploads.CompleteAsync(repository, uploadId, digest, null, null, CancellationToken.None);

    /// <summary>A whole blob pushed in one chunk, as real clients push: start, one write, complete.</summary>
    public async Task<BlobLink> PushBlobAsync(RepositoryName repository, byte[] content)
    {
        var uploadId = await StartAsync(repository);
        await WriteChunkAsync(uploadId, repository, content);
        return await CompleteAsync(uploadId, repository, Digest.ComputeSha256(content));
    }

    private static UploadService UploadServiceOver(IGrainFactory grains, IBlobStore store)
    {
        var metrics = new RegistryMetrics();
        var writer = new ChunkWriter(grains, store, new ActiveChunkWrites(grains), metrics, NullLogger<ChunkWriter>.Instance);
        return new UploadService(grains, store, new ContentCommits(grains, store), writer, metrics, NullLogger<UploadService>.Instance);
    }

    private sealed class StillWriting : IUploadWriter
    {
        public Task<bool> IsWritingAsync(Guid leaseId) => Task.FromResult(true);
    }
}
