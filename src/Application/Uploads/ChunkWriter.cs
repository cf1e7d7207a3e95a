using Microsoft.Extensions.Logging;
using OrleansRegistry.Application.Observability;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Application.Uploads;

/// <summary>
/// Streams one chunk of an upload from a request body into storage under the session's write lease, hashing on
/// the way, and commits the new offset and hash state only once every byte is written.
/// </summary>
public sealed class ChunkWriter(IGrainFactory grains, IBlobStore store, ActiveChunkWrites active, RegistryMetrics metrics, ILogger<ChunkWriter> logger)
{
    /// <param name="expected">The chunk's Content-Range, when it has one: where it must start and how long it is.</param>
    public async Task<UploadStatus> WriteAsync(
        RepositoryName repository, UploadId uploadId, ChunkBounds? expected, Stream body, CancellationToken cancellationToken)
    {
        var session = grains.UploadSession(uploadId);
        var leaseId = Guid.NewGuid();
        // Before the lease exists, so that the session never finds this process not writing under it.
        using var writingHere = active.Writing(leaseId);
        var lease = await session.AcquireWriteAsync(repository, expected?.Start, leaseId, active.Writer);
        using var writing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var renewing = new CancellationTokenSource();
        var renewal = RenewAsync(session, lease, writing, renewing.Token);
        var committing = false;
        try
        {
            using var hash = ResumableSha256.Resume(lease.HashState);
            var hashing = new HashingReadStream(body, hash, expected?.Length);
            var written = await store.WriteUploadAsync(lease.StorageToken, lease.Offset, hashing, writing.Token);
            if (expected is { } range && written.BytesWritten != range.Length)
            {
                throw new RegistryException(
                    RegistryErrorCode.RangeInvalid, $"the chunk holds {written.BytesWritten} bytes, its Content-Range says {range.Length}");
            }

            await renewing.CancelAsync();
            if (!await renewal)
            {
                throw LeaseLost();
            }

            committing = true;
            var status = await session.CommitWriteAsync(lease.LeaseId, new ChunkWritten(written.BytesWritten, written.Token, hash.ExportState()));
            metrics.BytesReceived(written.BytesWritten);
            return status;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested
            && (writing.IsCancellationRequested || (committing && e is RegistryGrainException { Error: var error } && error == RegistryErrorCode.BlobUploadInvalid)))
        {
            // The lease went with the session's activation (its silo died) while the bytes flowed, or before the
            // commit. Nothing of the chunk counts, and the upload is still there: the client may send the chunk again.
            await renewing.CancelAsync();
            await renewal;
            await ReleaseAsync(session, lease);
            throw LeaseLost();
        }
        catch
        {
            await renewing.CancelAsync();
            await renewal;
            await ReleaseAsync(session, lease);
            throw;
        }
    }

    private static RegistryException LeaseLost() => new(
        RegistryErrorCode.Unavailable,
        "the upload's write lease was lost (a silo of the cluster went away); nothing of this chunk was accepted: send it again from the offset the upload reports");

    /// <summary>
    /// Keeps the lease while bytes flow; losing it stops the write, so two writers never overlap.
    /// </summary>
    /// <returns>Whether the lease was held until renewal stopped.</returns>
    private async Task<bool> RenewAsync(IUploadSessionGrain session, WriteLease lease, CancellationTokenSource writing, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(lease.RenewWithin, stop);
                await session.RenewWriteAsync(lease.LeaseId);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return true;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Lost the write lease of an upload; abandoning the chunk");
            await writing.CancelAsync();
            return false;
        }
    }

    private async Task ReleaseAsync(IUploadSessionGrain session, WriteLease lease)
    {
        try
        {
            await session.ReleaseWriteAsync(lease.LeaseId);
        }
        catch (Exception e)
        {
            // The lease lapses on its own; nothing written under it was counted.
            logger.LogWarning(e, "Could not release a write lease");
        }
    }
}
