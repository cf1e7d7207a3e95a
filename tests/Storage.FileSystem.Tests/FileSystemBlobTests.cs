using System.Text;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Storage.FileSystem;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Storage.FileSystem.Tests;

/// <summary>
/// What is particular to blobs on disk: files written whole or not at all, readers that outlast a blob's
/// replacement or deletion, and deletion of the blob's whole directory. What every driver does is in
/// <see cref="FileSystemBlobStoreContractTests"/>.
/// </summary>
public sealed class FileSystemBlobTests : IDisposable
{
    private const string Content = "0123456789abcdefghij";

    private readonly TemporaryDirectory _directory = new();
    private readonly FileSystemBlobStore _store;
    private readonly Digest _digest = Digest.ComputeSha256(Encoding.ASCII.GetBytes(Content));

    public FileSystemBlobTests()
    {
        _store = new FileSystemBlobStore(_directory.Path);
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_put_blob_leaves_no_temporary_file_behind()
    {
        await _store.PutBlobAsync(_digest, Encoding.ASCII.GetBytes(Content), default);

        Assert.Equal(["data"], Directory.GetFiles(BlobDirectory()).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_stored_blob_is_never_rewritten_whatever_the_bytes()
    {
        await _store.PutBlobAsync(_digest, Encoding.ASCII.GetBytes(Content), default);

        // Content addressing: the same digest can only mean the same bytes, so the second put writes nothing.
        await _store.PutBlobAsync(_digest, "other"u8.ToArray(), default);

        Assert.Equal(Content, await ReadAsync());
    }

    [Fact]
    public async Task An_open_blob_keeps_reading_while_the_blob_is_committed_again()
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

    [Fact]
    public async Task An_open_blob_keeps_reading_after_it_is_deleted()
    {
        await _store.PutBlobAsync(_digest, Encoding.ASCII.GetBytes(Content), default);
        await using var reader = await _store.OpenBlobAsync(_digest, 0, null, default);

        await _store.DeleteBlobAsync(_digest, default);

        using var text = new StreamReader(reader);
        Assert.Equal(Content, await text.ReadToEndAsync());
        Assert.Null(await _store.GetBlobSizeAsync(_digest, default));
    }

    [Fact]
    public async Task Deleting_a_blob_removes_its_directory_with_whatever_a_crashed_write_left_in_it()
    {
        await _store.PutBlobAsync(_digest, Encoding.ASCII.GetBytes(Content), default);
        await File.WriteAllTextAsync(Path.Combine(BlobDirectory(), "data.tmp-crashed"), "half");

        await _store.DeleteBlobAsync(_digest, default);

        Assert.False(Directory.Exists(BlobDirectory()));
    }

    private string BlobDirectory() =>
        Path.Combine(_directory.Path, "docker", "registry", "v2", "blobs", "sha256", _digest.Encoded[..2], _digest.Encoded);

    private async Task<string> ReadAsync()
    {
        await using var stream = await _store.OpenBlobAsync(_digest, 0, null, default);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
