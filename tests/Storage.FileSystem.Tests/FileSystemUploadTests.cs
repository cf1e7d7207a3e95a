using System.Text;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Storage;
using OrleansRegistry.Storage.FileSystem;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Storage.FileSystem.Tests;

/// <summary>
/// Staging an upload on the filesystem driver: chunks written at the accepted offset, a tail that was never
/// accepted discarded, and a commit that renames the bytes into Distribution's layout.
/// </summary>
public sealed class FileSystemUploadTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly FileSystemBlobStore _store;

    public FileSystemUploadTests()
    {
        _store = new FileSystemBlobStore(_directory.Path);
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task CreateUpload_StagesAnEmptyUploadUnderItsId()
    {
        var id = Guid.NewGuid().ToString();

        var token = await _store.CreateUploadAsync(id, default);

        Assert.Equal(id, token);
        var staged = StagedPath(id);
        Assert.True(File.Exists(staged));
        Assert.Equal(0, new FileInfo(staged).Length);
    }

    [Fact]
    public async Task WriteUpload_AtTheEnd_AppendsAndReportsTheBytesWritten()
    {
        var token = await _store.CreateUploadAsync(Guid.NewGuid().ToString(), default);

        var first = await _store.WriteUploadAsync(token, 0, Bytes("hello "), default);
        var second = await _store.WriteUploadAsync(token, 6, Bytes("world"), default);

        Assert.Equal(6, first.BytesWritten);
        Assert.Equal(5, second.BytesWritten);
        Assert.Equal(token, second.Token);
        Assert.Equal("hello world", await ReadUploadAsync(token, 11));
    }

    [Fact]
    public async Task WriteUpload_AtAnOffsetBeforeTheEnd_DiscardsTheUnacceptedTail()
    {
        // A chunk whose writer died after writing but before its commit leaves bytes that were never counted;
        // the next chunk starts at the accepted offset and must replace them.
        var token = await _store.CreateUploadAsync(Guid.NewGuid().ToString(), default);
        await _store.WriteUploadAsync(token, 0, Bytes("accepted"), default);
        await _store.WriteUploadAsync(token, 8, Bytes("-never-committed-garbage"), default);

        await _store.WriteUploadAsync(token, 8, Bytes("!"), default);

        Assert.Equal(9, new FileInfo(StagedPath(token)).Length);
        Assert.Equal("accepted!", await ReadUploadAsync(token, 9));
    }

    [Fact]
    public async Task WriteUpload_EmptyChunk_WritesNothingButTruncatesTheTail()
    {
        var token = await _store.CreateUploadAsync(Guid.NewGuid().ToString(), default);
        await _store.WriteUploadAsync(token, 0, Bytes("abcdef"), default);

        var write = await _store.WriteUploadAsync(token, 3, Stream.Null, default);

        Assert.Equal(0, write.BytesWritten);
        Assert.Equal(3, new FileInfo(StagedPath(token)).Length);
    }

    [Fact]
    public async Task WriteUpload_PastTheStagedBytes_IsRefused()
    {
        // The session says more was accepted than storage holds: writing would leave a hole of zeros.
        var token = await _store.CreateUploadAsync(Guid.NewGuid().ToString(), default);
        await _store.WriteUploadAsync(token, 0, Bytes("abc"), default);

        await Assert.ThrowsAsync<InvalidDataException>(() => _store.WriteUploadAsync(token, 10, Bytes("x"), default));
        Assert.Equal("abc", await ReadUploadAsync(token, 3));
    }

    [Fact]
    public async Task WriteUpload_ToAnUploadThatWasNeverCreated_ThrowsFileNotFound()
    {
        await Assert.ThrowsAsync<FileNotFoundException>(() =>
            _store.WriteUploadAsync(Guid.NewGuid().ToString(), 0, Bytes("x"), default));
    }

    [Fact]
    public async Task ReadUpload_ReadsOnlyTheFirstSizeBytes()
    {
        var token = await _store.CreateUploadAsync(Guid.NewGuid().ToString(), default);
        await _store.WriteUploadAsync(token, 0, Bytes("0123456789"), default);

        Assert.Equal("01234", await ReadUploadAsync(token, 5));
    }

    [Fact]
    public async Task CommitUpload_MovesTheBytesToDistributionsBlobLayout()
    {
        var content = Bytes("layer bytes");
        var digest = Digest.ComputeSha256(content.ToArray());
        var token = await _store.CreateUploadAsync(Guid.NewGuid().ToString(), default);
        await _store.WriteUploadAsync(token, 0, content, default);

        await _store.CommitUploadAsync(token, content.Length, digest, default);

        var expected = Path.Combine(_directory.Path, "docker", "registry", "v2", "blobs", "sha256", digest.Encoded[..2], digest.Encoded, "data");
        Assert.Equal("layer bytes", await File.ReadAllTextAsync(expected));
        Assert.False(File.Exists(StagedPath(token)));
        Assert.False(Directory.Exists(Path.GetDirectoryName(StagedPath(token))));
        Assert.Equal(content.Length, await _store.GetBlobSizeAsync(digest, default));
    }

    [Fact]
    public async Task CommitUpload_OfFewerBytesThanStaged_KeepsOnlyTheAcceptedBytes()
    {
        var token = await _store.CreateUploadAsync(Guid.NewGuid().ToString(), default);
        await _store.WriteUploadAsync(token, 0, Bytes("accepted+unaccepted"), default);
        var digest = Digest.ComputeSha256("accepted"u8);

        await _store.CommitUploadAsync(token, 8, digest, default);

        Assert.Equal("accepted", await ReadBlobAsync(digest));
    }

    [Fact]
    public async Task CommitUpload_OfMoreBytesThanStaged_IsRefused()
    {
        var token = await _store.CreateUploadAsync(Guid.NewGuid().ToString(), default);
        await _store.WriteUploadAsync(token, 0, Bytes("abc"), default);
        var digest = Digest.ComputeSha256("abcd"u8);

        await Assert.ThrowsAsync<InvalidDataException>(() => _store.CommitUploadAsync(token, 4, digest, default));
        Assert.Null(await _store.GetBlobSizeAsync(digest, default));
    }

    [Fact]
    public async Task CommitUpload_RetriedAfterItSucceeded_IsFine()
    {
        // A grain whose commit reply was lost retries; the blob is already in place.
        var content = Bytes("retry me");
        var digest = Digest.ComputeSha256(content.ToArray());
        var token = await _store.CreateUploadAsync(Guid.NewGuid().ToString(), default);
        await _store.WriteUploadAsync(token, 0, content, default);
        await _store.CommitUploadAsync(token, content.Length, digest, default);

        await _store.CommitUploadAsync(token, content.Length, digest, default);

        Assert.Equal("retry me", await ReadBlobAsync(digest));
    }

    [Fact]
    public async Task CommitUpload_OfAMissingUploadWithoutTheBlob_ThrowsFileNotFound()
    {
        var digest = Digest.ComputeSha256("nothing"u8);
        await Assert.ThrowsAsync<FileNotFoundException>(() =>
            _store.CommitUploadAsync(Guid.NewGuid().ToString(), 7, digest, default));
    }

    [Fact]
    public async Task CommitUpload_OfABlobThatExistsAlready_LeavesOneCopy()
    {
        // Two uploads of the same content: content addressing makes the second a no-op in effect.
        var content = "same"u8.ToArray();
        var digest = Digest.ComputeSha256(content);
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var token = await _store.CreateUploadAsync(Guid.NewGuid().ToString(), default);
            await _store.WriteUploadAsync(token, 0, new MemoryStream(content), default);
            await _store.CommitUploadAsync(token, content.Length, digest, default);
        }

        Assert.Equal("same", await ReadBlobAsync(digest));
        Assert.Empty(await ListAsync());
    }

    [Fact]
    public async Task AbortUpload_DeletesTheStagedBytes()
    {
        var token = await _store.CreateUploadAsync(Guid.NewGuid().ToString(), default);
        await _store.WriteUploadAsync(token, 0, Bytes("abc"), default);

        await _store.AbortUploadAsync(token, default);

        Assert.False(Directory.Exists(Path.GetDirectoryName(StagedPath(token))));
        await Assert.ThrowsAsync<FileNotFoundException>(() => _store.WriteUploadAsync(token, 0, Bytes("x"), default));
    }

    [Fact]
    public async Task AbortUpload_OfAMissingUpload_IsNoError()
    {
        var exception = await Record.ExceptionAsync(() => _store.AbortUploadAsync(Guid.NewGuid().ToString(), default));
        Assert.Null(exception);
    }

    [Fact]
    public async Task ListUploads_ListsStagedUploadsWithTheirLastWriteTime()
    {
        var first = await _store.CreateUploadAsync(Guid.NewGuid().ToString(), default);
        var second = await _store.CreateUploadAsync(Guid.NewGuid().ToString(), default);
        var past = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(StagedPath(first), past);

        var uploads = await ListAsync();

        Assert.Equal(new[] { first, second }.Order(), uploads.Select(u => u.UploadId).Order());
        Assert.All(uploads, u => Assert.Equal(u.UploadId, u.Token));
        Assert.Equal(new DateTimeOffset(past), uploads.Single(u => u.UploadId == first).LastModified);
    }

    [Fact]
    public async Task ListUploads_SkipsFoldersThatAreNoUploads()
    {
        Directory.CreateDirectory(Path.Combine(_directory.Path, "docker", "registry", "v2", "_uploads", "not-an-upload"));
        var token = await _store.CreateUploadAsync(Guid.NewGuid().ToString(), default);

        Assert.Equal([token], (await ListAsync()).Select(u => u.Token));
    }

    [Fact]
    public async Task ListUploads_DoesNotListCommittedOrAbortedUploads()
    {
        var committed = await _store.CreateUploadAsync(Guid.NewGuid().ToString(), default);
        await _store.CommitUploadAsync(committed, 0, Digest.ComputeSha256([]), default);
        var aborted = await _store.CreateUploadAsync(Guid.NewGuid().ToString(), default);
        await _store.AbortUploadAsync(aborted, default);

        Assert.Empty(await ListAsync());
    }

    private string StagedPath(string id) =>
        Path.Combine(_directory.Path, "docker", "registry", "v2", "_uploads", id, "data");

    private static MemoryStream Bytes(string text) => new(Encoding.UTF8.GetBytes(text));

    private async Task<string> ReadUploadAsync(string token, long size)
    {
        await using var stream = await _store.ReadUploadAsync(token, size, default);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    private async Task<string> ReadBlobAsync(Digest digest)
    {
        await using var stream = await _store.OpenBlobAsync(digest, 0, null, default);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    private async Task<List<StagedUpload>> ListAsync()
    {
        var uploads = new List<StagedUpload>();
        await foreach (var upload in _store.ListUploadsAsync(default))
        {
            uploads.Add(upload);
        }

        return uploads;
    }
}
