namespace OrleansRegistry.Storage;

/// <summary>
/// Read-only access to keys outside <see cref="StorageLayout"/>: what another registry keeps beside the blobs, such
/// as CNCF Distribution's <c>docker/registry/v2/repositories</c> tree of link files, which an import reads. Keys are
/// forward-slash paths relative to the driver's root, as in <see cref="StorageLayout"/>.
/// </summary>
/// <remarks>
/// A "child" is what a file system calls a directory and S3 a common prefix: a name under which further keys lie.
/// The two differ only for an empty directory, which S3 cannot have; a reader that finds nothing under a child
/// must treat it as absent.
/// </remarks>
public interface IStorageTree
{
    /// <summary>
    /// The names of the children directly under <paramref name="prefix"/> (a key without a trailing slash), each once
    /// and in no particular order, streamed as the backend lists them; none where nothing lies there. Keys that are
    /// files directly under the prefix are not children.
    /// </summary>
    IAsyncEnumerable<string> ListChildrenAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>The bytes stored under <paramref name="key"/>, or null where there are none.</summary>
    /// <exception cref="InvalidDataException">More than <paramref name="maxLength"/> bytes are stored there.</exception>
    Task<byte[]?> ReadSmallAsync(string key, int maxLength, CancellationToken cancellationToken);
}
