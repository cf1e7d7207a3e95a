using Microsoft.Extensions.Logging;
using OrleansRegistry.Application.Observability;
using OrleansRegistry.Application.Storage;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Application.Uploads;

/// <summary>
/// Blob uploads, and the order in which a blob becomes visible: its bytes are staged and hashed as they arrive,
/// the upload is sealed once the digest verifies, the bytes are committed to their content address, and only then
/// does the repository link the blob. Each step may be repeated, so a completion interrupted anywhere is finished by
/// the client's retry.
/// </summary>
public sealed class UploadService(
    IGrainFactory grains, IBlobStore store, ContentCommits commits, ChunkWriter writer, RegistryMetrics metrics, ILogger<UploadService> logger)
{
    /// <summary>The chunk size the storage takes without extra work, or null where any size is as good.</summary>
    public long? MinimumChunkLength => store.MinimumChunkLength;

    public async Task<UploadStatus> StartAsync(RepositoryName repository, CancellationToken cancellationToken)
    {
        var uploadId = UploadId.New();
        var token = await store.CreateUploadAsync(uploadId.ToString(), cancellationToken);
        return await grains.UploadSession(uploadId).StartAsync(repository, token);
    }

    /// <summary>Links a blob another repository holds, without moving a byte; null where it cannot.</summary>
    public Task<BlobLink?> MountAsync(RepositoryName repository, Digest digest, RepositoryName? fromRepository) =>
        grains.Repository(repository).MountAsync(digest, fromRepository);

    public Task<UploadStatus> GetStatusAsync(RepositoryName repository, UploadId uploadId) =>
        grains.UploadSession(uploadId).GetStatusAsync(repository);

    public Task<UploadStatus> WriteChunkAsync(
        RepositoryName repository, UploadId uploadId, ChunkBounds? bounds, Stream body, CancellationToken cancellationToken) =>
        writer.WriteAsync(repository, uploadId, bounds, body, cancellationToken);

    /// <param name="lastChunk">Bytes sent with the completing request, appended before the digest is checked.</param>
    public async Task<BlobLink> CompleteAsync(
        RepositoryName repository, UploadId uploadId, Digest digest, ChunkBounds? bounds, Stream? lastChunk, CancellationToken cancellationToken)
    {
        if (lastChunk is not null)
        {
            await writer.WriteAsync(repository, uploadId, bounds, lastChunk, cancellationToken);
        }

        var session = grains.UploadSession(uploadId);
        var upload = await session.SealAsync(repository, digest);
        // From here on the client's going away must not leave the work half done: every step is quick.
        await commits.CommitUploadAsync(upload.StorageToken, upload.Size, digest, CancellationToken.None);
        await grains.Repository(repository).LinkBlobAsync(digest, upload.Size);
        await session.CompleteAsync(digest);
        metrics.BlobPushed();
        return new BlobLink(digest, upload.Size);
    }

    public Task CancelAsync(RepositoryName repository, UploadId uploadId) => grains.UploadSession(uploadId).CancelAsync(repository);

    /// <summary>A monolithic upload (<c>POST ?digest=</c> with the whole blob): nothing of a failed one stays.</summary>
    public async Task<BlobLink> UploadWholeAsync(RepositoryName repository, Digest digest, Stream? content, CancellationToken cancellationToken)
    {
        var upload = await StartAsync(repository, cancellationToken);
        try
        {
            return await CompleteAsync(repository, upload.UploadId, digest, null, content, cancellationToken);
        }
        catch
        {
            await CancelQuietlyAsync(repository, upload.UploadId);
            throw;
        }
    }

    /// <summary>Without it the session would wait for its expiry; a failure here changes nothing for the client.</summary>
    private async Task CancelQuietlyAsync(RepositoryName repository, UploadId uploadId)
    {
        try
        {
            await CancelAsync(repository, uploadId);
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "Could not cancel the failed monolithic upload {UploadId}; it expires when idle", uploadId);
        }
    }
}
