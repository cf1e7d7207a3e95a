using System.Text;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Storage;
using OrleansRegistry.Storage.FileSystem;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Storage.FileSystem.Tests;

/// <summary>Serving stored blobs: whole, from an offset, or a bounded range; and storing small blobs directly.</summary>
public sealed class FileSystemBlobReadTests : IDisposable
{
    private const string Content = "0123456789abcdefghij";

    private readonly TemporaryDirectory _directory = new();
    private readonly FileSystemBlobStore _store;
    private readonly Digest _digest = Digest.ComputeSha256(Encoding.ASCII.GetBytes(Content));

    public FileSystemBlobReadTests()
    {
        _store = new FileSystemBlobStore(_directory.Path);
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task PutBlob_StoresTheBytesUnderTheirDigest()
    {
        await _store.PutBlobAsync(_digest, Encoding.ASCII.GetBytes(Content), default);

        Assert.Equal(Content.Length, await _store.GetBlobSizeAsync(_digest, default));
        Assert.Equal(Content, await ReadAsync(0, null));
        var path = Path.Combine(_directory.Path, "docker", "registry", "v2", "blobs", "sha256", _digest.Encoded[..2], _digest.Encoded, "data");
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task PutBlob_LeavesNoTemporaryFilesBehind()
    {
        await _store.PutBlobAsync(_digest, Encoding.ASCII.GetBytes(Content), default);

        var folder = Path.Combine(_directory.Path, "docker", "registry", "v2", "blobs", "sha256", _digest.Encoded[..2], _digest.Encoded);
        Assert.Equal(["data"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task PutBlob_OfADigestStoredAlready_KeepsTheStoredBytes()
    {
        await _store.PutBlobAsync(_digest, Encoding.ASCII.GetBytes(Content), default);

        // Content addressing: the same digest can only mean the same bytes, so the second put writes nothing.
        await _store.PutBlobAsync(_digest, "other"u8.ToArray(), default);

        Assert.Equal(Content, await ReadAsync(0, null));
    }

    [Fact]
    public async Task OpenBlob_FromAnOffset_ReadsToTheEnd()
    {
        await _store.PutBlobAsync(_digest, Encoding.ASCII.GetBytes(Content), default);
        Assert.Equal("abcdefghij", await ReadAsync(10, null));
    }

    [Fact]
    public async Task OpenBlob_WithALength_ReadsOnlyThatRange()
    {
        await _store.PutBlobAsync(_digest, Encoding.ASCII.GetBytes(Content), default);
        Assert.Equal("5678", await ReadAsync(5, 4));
        Assert.Equal("0", await ReadAsync(0, 1));
        Assert.Equal("j", await ReadAsync(19, 1));
    }

    [Fact]
    public async Task OpenBlob_LengthPastTheEnd_StopsAtTheEnd()
    {
        await _store.PutBlobAsync(_digest, Encoding.ASCII.GetBytes(Content), default);
        Assert.Equal("ij", await ReadAsync(18, 100));
    }

    [Fact]
    public async Task OpenBlob_OfAMissingBlob_ThrowsBlobNotFound()
    {
        var error = await Assert.ThrowsAsync<BlobNotFoundException>(() => _store.OpenBlobAsync(_digest, 0, null, default));
        Assert.Equal(_digest, error.Digest);
    }

    [Fact]
    public async Task GetBlobSize_OfAMissingBlob_IsNull()
    {
        Assert.Null(await _store.GetBlobSizeAsync(_digest, default));
    }

    [Fact]
    public async Task Sha512Blob_IsStoredUnderItsAlgorithm()
    {
        var content = "sha512 content"u8.ToArray();
        var digest = Digest.Compute(Digest.Sha512, content);

        await _store.PutBlobAsync(digest, content, default);

        Assert.True(File.Exists(Path.Combine(_directory.Path, "docker", "registry", "v2", "blobs", "sha512", digest.Encoded[..2], digest.Encoded, "data")));
        Assert.Equal(content.Length, await _store.GetBlobSizeAsync(digest, default));
    }

    [Fact]
    public async Task OpenBlob_WhileTheBlobIsReplaced_KeepsReadingTheOpenedFile()
    {
        // Readers open with FileShare.Delete so that a commit's rename never fails because someone is reading.
        await _store.PutBlobAsync(_digest, Encoding.ASCII.GetBytes(Content), default);
        await using var reader = await _store.OpenBlobAsync(_digest, 0, null, default);

        var token = await _store.CreateUploadAsync(Guid.NewGuid().ToString(), default);
        await _store.WriteUploadAsync(token, 0, new MemoryStream(Encoding.ASCII.GetBytes(Content)), default);
        await _store.CommitUploadAsync(token, Content.Length, _digest, default);

        using var text = new StreamReader(reader);
        Assert.Equal(Content, await text.ReadToEndAsync());
    }

    private async Task<string> ReadAsync(long offset, long? length)
    {
        await using var stream = await _store.OpenBlobAsync(_digest, offset, length, default);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
