using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Grains.Abstractions;

/// <summary>
/// One resumable blob upload, keyed by its upload id. It holds the offset, the storage token and the hash state of
/// every accepted chunk, persisted before the chunk is acknowledged, so any gateway can take the next chunk.
/// </summary>
/// <remarks>
/// Bytes never pass through this grain: a gateway takes a write lease, streams the chunk to storage while
/// hashing, and commits the new offset and hash state with the lease. The session asks the writer (an
/// <see cref="IUploadWriter"/>) while the lease is held and frees the upload once the cluster has dropped a writer
/// whose process died; a lease the writer stops renewing lapses as well, for a writer that hangs without dying.
/// Either way a gateway that dies mid-chunk leaves nothing counted.
/// Every method is safe to retry after a silo failure: the writer names its lease, and a repeated start,
/// acquire, commit, seal or completion answers as the first did.
/// </remarks>
[Alias("IUploadSessionGrain")]
public interface IUploadSessionGrain : IGrainWithStringKey
{
    /// <summary>Starts the upload whose bytes storage stages under <paramref name="storageToken"/>.</summary>
    [Alias("Start")]
    Task<UploadStatus> StartAsync(RepositoryName repository, string storageToken);

    [Alias("GetStatus")]
    Task<UploadStatus> GetStatusAsync(RepositoryName repository);

    /// <param name="expectedOffset">Where the chunk claims to start (its Content-Range), or null to append.</param>
    /// <param name="leaseId">Chosen by the writer, so that a retried acquire returns the same lease.</param>
    /// <param name="writer">The process that writes, asked while the lease is held whether it still does.</param>
    [Alias("AcquireWrite")]
    Task<WriteLease> AcquireWriteAsync(RepositoryName repository, long? expectedOffset, Guid leaseId, IUploadWriter writer);

    [Alias("RenewWrite")]
    Task RenewWriteAsync(Guid leaseId);

    [Alias("CommitWrite")]
    Task<UploadStatus> CommitWriteAsync(Guid leaseId, ChunkWritten chunk);

    /// <summary>Gives up a lease without counting anything written under it.</summary>
    [Alias("ReleaseWrite")]
    Task ReleaseWriteAsync(Guid leaseId);

    /// <summary>
    /// Verifies that everything accepted has <paramref name="digest"/> and closes the upload to further chunks, so
    /// that the staged bytes can be committed to their content address. The upload is still there until
    /// <see cref="CompleteAsync"/>.
    /// </summary>
    [Alias("Seal")]
    Task<SealedUpload> SealAsync(RepositoryName repository, Digest digest);

    /// <summary>Forgets a sealed upload once its blob is committed and linked.</summary>
    [Alias("Complete")]
    Task CompleteAsync(Digest digest);

    [Alias("Cancel")]
    Task CancelAsync(RepositoryName repository);

    /// <summary>Deletes the upload and its staged bytes if it has been idle for <paramref name="idleTimeout"/>.</summary>
    [Alias("ExpireIfIdle")]
    Task<bool> ExpireIfIdleAsync(TimeSpan idleTimeout);
}
