using OrleansRegistry.Core.Digests;

namespace OrleansRegistry.Storage;

/// <summary>
/// A storage driver: moves blob bytes between streams and a backend. It decides nothing; the grains decide what
/// becomes visible, and only call <see cref="CommitUploadAsync"/> for bytes whose digest they verified.
/// </summary>
/// <remarks>
/// An upload is addressed by an opaque token that the driver returns and the upload session stores, so that a
/// backend can keep what it needs to resume (a multipart upload id and its parts) in the session's state.
/// </remarks>
public interface IBlobStore
{
    /// <summary>
    /// The smallest chunk this backend takes without extra work, advertised to clients as
    /// <c>OCI-Chunk-Min-Length</c>; null where any size is as good. Smaller chunks are still accepted.
    /// </summary>
    long? MinimumChunkLength => null;

    /// <summary>Stages a new, empty upload and returns its token.</summary>
    Task<string> CreateUploadAsync(string uploadId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="content"/> to the upload at <paramref name="offset"/>, the end of what was accepted
    /// so far. Bytes past the offset (left by a write that was never accepted) are discarded first.
    /// </summary>
    Task<UploadWrite> WriteUploadAsync(string token, long offset, Stream content, CancellationToken cancellationToken);

    /// <summary>Reads back the first <paramref name="size"/> staged bytes, for hashing with another algorithm.</summary>
    Task<Stream> ReadUploadAsync(string token, long size, CancellationToken cancellationToken);

    /// <summary>Moves the first <paramref name="size"/> staged bytes to the blob's content address, atomically.</summary>
    Task CommitUploadAsync(string token, long size, Digest digest, CancellationToken cancellationToken);

    /// <summary>Deletes the staged bytes; a missing upload is not an error.</summary>
    Task AbortUploadAsync(string token, CancellationToken cancellationToken);

    /// <summary>Staged uploads with the time they were last written, for expiry.</summary>
    IAsyncEnumerable<StagedUpload> ListUploadsAsync(CancellationToken cancellationToken);

    /// <summary>The size of a stored blob, or null where there is none.</summary>
    Task<long?> GetBlobSizeAsync(Digest digest, CancellationToken cancellationToken);

    /// <summary>Opens a stored blob for reading from <paramref name="offset"/>, at most <paramref name="length"/> bytes.</summary>
    Task<Stream> OpenBlobAsync(Digest digest, long offset, long? length, CancellationToken cancellationToken);

    /// <summary>
    /// A time-limited URL a client may fetch the blob from directly, bypassing the gateway; null where the backend
    /// has none or redirects are not configured.
    /// </summary>
    Task<Uri?> GetDownloadUrlAsync(Digest digest, CancellationToken cancellationToken) => Task.FromResult<Uri?>(null);

    /// <summary>Stores small content (a manifest) whose digest the caller has computed from these bytes.</summary>
    Task PutBlobAsync(Digest digest, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes a stored blob; a missing blob is not an error, so a collector may repeat a delete it is unsure of.
    /// Only the caller knows that nothing links the blob any more: the driver deletes what it is told to.
    /// </summary>
    Task DeleteBlobAsync(Digest digest, CancellationToken cancellationToken);

    /// <summary>
    /// Every stored blob, streamed as the backend lists them (page by page, directory by directory) and never
    /// gathered in memory, in no particular order. Whatever lies among the blobs without being exactly a blob's
    /// key in <see cref="StorageLayout"/> is skipped. A blob stored or deleted while the listing runs may or may
    /// not be in it.
    /// </summary>
    IAsyncEnumerable<StoredBlob> ListBlobsAsync(CancellationToken cancellationToken);
}
