using System.Runtime.CompilerServices;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.IO;

namespace OrleansRegistry.Storage.FileSystem;

/// <summary>
/// Blobs on a local directory, in <see cref="StorageLayout"/> (CNCF Distribution's
/// <c>docker/registry/v2/blobs/sha256/ab/abcd…/data</c>), with uploads staged beside them and renamed into place.
/// </summary>
public sealed class FileSystemBlobStore : IBlobStore, IStorageTree
{
    private const int CopyBufferSize = 1 << 20;

    private readonly string _root;

    public FileSystemBlobStore(string rootDirectory)
    {
        _root = Path.GetFullPath(rootDirectory);
        Directory.CreateDirectory(PathOf(StorageLayout.BlobsRoot));
        Directory.CreateDirectory(PathOf(StorageLayout.UploadsRoot));
    }

    public Task<string> CreateUploadAsync(string uploadId, CancellationToken cancellationToken)
    {
        var path = UploadDataPath(uploadId);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Create(path).Dispose();
        return Task.FromResult(uploadId);
    }

    public async Task<UploadWrite> WriteUploadAsync(string token, long offset, Stream content, CancellationToken cancellationToken)
    {
        var path = UploadDataPath(token);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("staged upload not found", path);
        }

        // FileShare.None: a second writer to the same upload on this host waits out the first instead of
        // interleaving bytes; the upload session's write lease keeps writers apart across hosts.
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
        if (file.Length < offset)
        {
            throw new InvalidDataException($"staged upload {token} holds {file.Length} bytes, fewer than its accepted {offset}");
        }

        file.SetLength(offset);
        file.Position = offset;
        await content.CopyToAsync(file, CopyBufferSize, cancellationToken);
        await file.FlushAsync(cancellationToken);
        return new UploadWrite(token, file.Position - offset);
    }

    public Task<Stream> ReadUploadAsync(string token, long size, CancellationToken cancellationToken)
    {
        var file = OpenForReading(UploadDataPath(token));
        return Task.FromResult<Stream>(new BoundedReadStream(file, size));
    }

    public Task CommitUploadAsync(string token, long size, Digest digest, CancellationToken cancellationToken)
    {
        var staged = UploadDataPath(token);
        var target = BlobDataPath(digest);
        if (!File.Exists(staged))
        {
            // A commit retried after the move succeeded finds the blob already in place.
            return File.Exists(target) && new FileInfo(target).Length == size
                ? Task.CompletedTask
                : throw new FileNotFoundException("staged upload not found", staged);
        }

        using (var file = new FileStream(staged, FileMode.Open, FileAccess.Write, FileShare.None))
        {
            if (file.Length < size)
            {
                throw new InvalidDataException($"staged upload {token} holds {file.Length} bytes, fewer than {size}");
            }

            file.SetLength(size);
            // The bytes reach the disk before the blob becomes visible under its digest: after a power loss a blob
            // is there whole or not at all, never an empty file that a manifest already references.
            file.Flush(flushToDisk: true);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        // rename(2) is atomic: readers see either no blob or all of it. Content-addressed, so an existing blob
        // with this digest already holds these very bytes.
        File.Move(staged, target, overwrite: true);
        Directory.Delete(Path.GetDirectoryName(staged)!, recursive: true);
        return Task.CompletedTask;
    }

    public Task AbortUploadAsync(string token, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(UploadDataPath(token))!;
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<StagedUpload> ListUploadsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var directory in Directory.EnumerateDirectories(PathOf(StorageLayout.UploadsRoot)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!StorageLayout.TryParseUploadPath(KeyOf(directory), out var id))
            {
                continue;
            }

            var data = Path.Combine(directory, "data");
            var modified = File.Exists(data) ? File.GetLastWriteTimeUtc(data) : Directory.GetLastWriteTimeUtc(directory);
            yield return new StagedUpload(id, id, new DateTimeOffset(modified, TimeSpan.Zero));
        }

        await Task.CompletedTask;
    }

    public Task<long?> GetBlobSizeAsync(Digest digest, CancellationToken cancellationToken)
    {
        var info = new FileInfo(BlobDataPath(digest));
        return Task.FromResult(info.Exists ? info.Length : (long?)null);
    }

    public Task<Stream> OpenBlobAsync(Digest digest, long offset, long? length, CancellationToken cancellationToken)
    {
        FileStream file;
        try
        {
            file = OpenForReading(BlobDataPath(digest));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BlobNotFoundException(digest);
        }

        file.Position = offset;
        return Task.FromResult<Stream>(length is { } l ? new BoundedReadStream(file, l) : file);
    }

    public async Task PutBlobAsync(Digest digest, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var target = BlobDataPath(digest);
        if (File.Exists(target))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await AtomicFile.WriteAsync(target, (file, ct) => file.WriteAsync(content, ct).AsTask(), durable: true, cancellationToken);
    }

    public Task DeleteBlobAsync(Digest digest, CancellationToken cancellationToken)
    {
        try
        {
            // The whole directory, so that a temporary file a crashed write left beside the data goes with it.
            // Readers that have the blob open keep reading: they opened it with FileShare.Delete.
            Directory.Delete(PathOf(StorageLayout.BlobDirectoryPath(digest)), recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Not there, or deleted by someone else in the meantime: either way it is gone.
        }

        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<StoredBlob> ListBlobsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Lazily, directory by directory, down to the depth of <algorithm>/<2 hex>/<hex>/data and no further.
        var options = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 3 };
        foreach (var file in Directory.EnumerateFiles(PathOf(StorageLayout.BlobsRoot), "*", options))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!StorageLayout.TryParseBlobDataPath(KeyOf(file), out var digest))
            {
                continue;
            }

            var info = new FileInfo(file);
            if (info.Exists)
            {
                yield return new StoredBlob(digest, info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero));
            }
        }

        await Task.CompletedTask;
    }

    public async IAsyncEnumerable<string> ListChildrenAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var directory = TreePathOf(prefix);
        if (!Directory.Exists(directory))
        {
            yield break;
        }

        foreach (var child in Directory.EnumerateDirectories(directory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return Path.GetFileName(child);
        }

        await Task.CompletedTask;
    }

    public async Task<byte[]?> ReadSmallAsync(string key, int maxLength, CancellationToken cancellationToken)
    {
        var path = TreePathOf(key);
        FileStream file;
        try
        {
            // A directory of that name holds no bytes either.
            if (!File.Exists(path))
            {
                return null;
            }

            file = OpenForReading(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            // Deleted since.
            return null;
        }

        await using (file)
        {
            if (file.Length > maxLength)
            {
                throw new InvalidDataException($"{key} holds {file.Length} bytes, more than the {maxLength} expected");
            }

            var content = new byte[file.Length];
            await file.ReadExactlyAsync(content, cancellationToken);
            return content;
        }
    }

    private static FileStream OpenForReading(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);

    private string BlobDataPath(Digest digest) => PathOf(StorageLayout.BlobDataPath(digest));

    /// <summary>Tokens are upload ids; the layout refuses any that is no GUID, which could name a path outside the store.</summary>
    private string UploadDataPath(string token) => PathOf(StorageLayout.UploadDataPath(token));

    /// <summary>
    /// A key of the tree as a path, refused where a segment could lead out of the root: keys come from listings
    /// of storage that another program wrote.
    /// </summary>
    private string TreePathOf(string key) =>
        key.Split('/') is var segments && segments.All(segment => segment is not ("" or "." or ".."))
            ? PathOf(key)
            : throw new ArgumentException($"'{key}' is not a key of the storage tree", nameof(key));

    private string PathOf(string key) => Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar));

    private string KeyOf(string path) => Path.GetRelativePath(_root, path).Replace(Path.DirectorySeparatorChar, '/');
}
