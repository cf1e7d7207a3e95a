using System.Diagnostics.CodeAnalysis;
using OrleansRegistry.Core.Digests;

namespace OrleansRegistry.Storage;

/// <summary>
/// The keys every driver stores bytes under: forward-slash paths relative to the driver's root (a directory on
/// disk, a bucket in S3), as CNCF Distribution's <c>registry/storage/paths.go</c> lays them out:
/// <code>
/// docker/registry/v2/blobs/&lt;algorithm&gt;/&lt;first two hex digits&gt;/&lt;hex&gt;/data   a blob's bytes
/// docker/registry/v2/_uploads/&lt;upload id&gt;/data                          an upload's staged bytes
/// docker/registry/v2/_uploads/&lt;upload id&gt;/…                             whatever else a driver stages for it
/// </code>
/// </summary>
/// <remarks>
/// Blob data sits exactly where Distribution puts it, so a store either registry wrote holds its blobs where the
/// other looks; the two hex digits split the blobs over 256 directories, as Distribution does, because file
/// systems slow down with millions of entries in one directory. Distribution stages an upload under its repository
/// (<c>repositories/&lt;name&gt;/_uploads/&lt;id&gt;</c>); here the upload session grain knows the repository, so
/// uploads are staged under one directory that expiry lists in one pass. Stored data outlives any version of this
/// code: a key changed here makes what is already stored unreachable.
/// </remarks>
public static class StorageLayout
{
    /// <summary>Under which every blob lies; listing it lists the blobs.</summary>
    public const string BlobsRoot = "docker/registry/v2/blobs";

    /// <summary>Under which every upload is staged; listing it lists the uploads.</summary>
    public const string UploadsRoot = "docker/registry/v2/_uploads";

    private const string DataFile = "data";

    /// <summary>The directory of a blob, holding its <c>data</c>.</summary>
    public static string BlobDirectoryPath(Digest digest) =>
        $"{BlobsRoot}/{digest.Algorithm}/{digest.Encoded[..2]}/{digest.Encoded}";

    /// <summary>A blob's bytes.</summary>
    public static string BlobDataPath(Digest digest) => $"{BlobDirectoryPath(digest)}/{DataFile}";

    /// <summary>
    /// The directory an upload is staged in. Upload ids are GUIDs, written in their canonical form whatever form
    /// they come in; anything else is refused before it becomes part of a key, where <c>../</c> could name a place
    /// outside the staging area.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="uploadId"/> is not a GUID.</exception>
    public static string UploadDirectoryPath(string uploadId) =>
        Guid.TryParse(uploadId, out var id)
            ? $"{UploadsRoot}/{id}"
            : throw new ArgumentException($"'{uploadId}' is not an upload id (a GUID)", nameof(uploadId));

    /// <summary>An upload's staged bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="uploadId"/> is not a GUID.</exception>
    public static string UploadDataPath(string uploadId) => $"{UploadDirectoryPath(uploadId)}/{DataFile}";

    /// <summary>
    /// The digest of a key that is exactly <see cref="BlobDataPath"/> of a supported digest; false for anything else
    /// found under <see cref="BlobsRoot"/> (temporary files, foreign or damaged entries), which listing skips.
    /// </summary>
    public static bool TryParseBlobDataPath(string key, out Digest digest)
    {
        digest = default;
        if (!key.StartsWith(BlobsRoot + "/", StringComparison.Ordinal))
        {
            return false;
        }

        var segments = key[(BlobsRoot.Length + 1)..].Split('/');
        if (segments is not [var algorithm, _, var encoded, DataFile]
            || !Digest.TryParse($"{algorithm}:{encoded}", out var parsed)
            || BlobDataPath(parsed) != key)
        {
            return false;
        }

        digest = parsed;
        return true;
    }

    /// <summary>
    /// The upload a key belongs to: <see cref="UploadDirectoryPath"/> itself or any key below it, with the id in its
    /// canonical form; false for anything else under <see cref="UploadsRoot"/>, which listing skips.
    /// </summary>
    public static bool TryParseUploadPath(string key, [NotNullWhen(true)] out string? uploadId)
    {
        uploadId = null;
        if (!key.StartsWith(UploadsRoot + "/", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = key[(UploadsRoot.Length + 1)..];
        var slash = rest.IndexOf('/');
        var candidate = slash < 0 ? rest : rest[..slash];
        if (!Guid.TryParse(candidate, out var id) || id.ToString() != candidate)
        {
            return false;
        }

        uploadId = candidate;
        return true;
    }
}
