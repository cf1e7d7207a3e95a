namespace OrleansRegistry.Grains.Abstractions;

/// <summary>
/// The process writing chunks of uploads (a gateway), as an Orleans client object the upload session calls back
/// while a chunk's write lease is held. A live writer answers at once. Once a writer's process has died, its
/// connections to the silos are closed and the cluster drops it as a client
/// (<c>Registry:Cluster:ClientDropTimeout</c>); a call to it then fails with <c>ClientNotAvailableException</c>,
/// and the session frees the upload without waiting for the lease to lapse.
/// </summary>
[Alias("IUploadWriter")]
public interface IUploadWriter : IGrainObserver
{
    /// <summary>Whether this process is still writing a chunk under the lease.</summary>
    [Alias("IsWriting")]
    Task<bool> IsWritingAsync(Guid leaseId);
}
