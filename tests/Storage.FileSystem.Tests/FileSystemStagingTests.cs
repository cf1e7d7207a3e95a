using System.Text;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Storage;
using OrleansRegistry.Storage.FileSystem;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Storage.FileSystem.Tests;

/// <summary>
/// What is particular to staging uploads on disk: an upload is one file named by its id, which is also its token,
/// truncated to the accepted offset before each write and removed with its directory when the upload ends. What
/// every driver does is in <see cref="FileSystemBlobStoreContractTests"/>.
/// </summary>
public sealed class FileSystemStagingTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly FileSystemBlobStore _store;

    public FileSystemStagingTests()
    {
        _store = new FileSystemBlobStore(_directory.Path);
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task An_upload_is_staged_as_an_empty_file_named_by_its_id()
    {
        var id = Guid.NewGuid().ToString();

        var token = await _store.CreateUploadAsync(id, default);

        Assert.Equal(id, token);
        var staged = StagedPath(id);
        Assert.True(File.Exists(staged));
        Assert.Equal(0, new FileInfo(staged).Length);
    }

    [Fact]
    public async Task A_write_keeps_the_token()
    {
        var token = await _store.CreateUploadAsync(Guid.NewGuid().ToString(), default);

        var first = await _store.WriteUploadAsync(token, 0, Bytes("hello "), default);
        var second = await _store.WriteUploadAsync(first.Token, 6, Bytes("world"), default);

        Assert.Equal(token, first.Token);
        Assert.Equal(token, second.Token);
    }

    [Fact]
    public async Task A_write_cuts_an_unaccepted_tail_off_the_staged_file()
    {
        // A chunk whose writer died after writing but before its commit leaves bytes that were never counted;
        // the next chunk starts at the accepted offset and must replace them.
        var token = await _store.CreateUploadAsync(Guid.NewGuid().ToString(), default);
        await _store.WriteUploadAsync(token, 0, Bytes("accepted"), default);
        await _store.WriteUploadAsync(token, 8, Bytes("-never-committed-garbage"), default);

        await _store.WriteUploadAsync(token, 8, Bytes("!"), default);

        Assert.Equal(9, new FileInfo(StagedPath(token)).Length);
        Assert.Equal("accepted!", await File.ReadAllTextAsync(StagedPath(token)));
    }

    [Fact]
    public async Task An_empty_write_still_cuts_the_unaccepted_tail()
    {
        var token = await _store.CreateUploadAsync(Guid.NewGuid().ToString(), default);
        await _store.WriteUploadAsync(token, 0, Bytes("abcdef"), default);

        var write = await _store.WriteUploadAsync(token, 3, Stream.Null, default);

        Assert.Equal(0, write.BytesWritten);
        Assert.Equal(3, new FileInfo(StagedPath(token)).Length);
    }

    [Fact]
    public async Task A_commit_removes_the_staging_directory()
    {
        var content = "layer bytes"u8.ToArray();
        var token = await _store.CreateUploadAsync(Guid.NewGuid().ToString(), default);
        await _store.WriteUploadAsync(token, 0, new MemoryStream(content), default);

        await _store.CommitUploadAsync(token, content.Length, Digest.ComputeSha256(content), default);

        Assert.False(File.Exists(StagedPath(token)));
        Assert.False(Directory.Exists(Path.GetDirectoryName(StagedPath(token))));
    }

    [Fact]
    public async Task Writing_to_an_upload_that_was_never_created_throws_file_not_found()
    {
        await Assert.ThrowsAsync<FileNotFoundException>(() =>
            _store.WriteUploadAsync(Guid.NewGuid().ToString(), 0, Bytes("x"), default));
    }

    [Fact]
    public async Task Committing_an_upload_that_was_never_created_throws_file_not_found()
    {
        var digest = Digest.ComputeSha256("nothing"u8);

        await Assert.ThrowsAsync<FileNotFoundException>(() =>
            _store.CommitUploadAsync(Guid.NewGuid().ToString(), 7, digest, default));
    }

    [Fact]
    public async Task An_abort_deletes_the_staging_directory_and_later_writes_fail()
    {
        var token = await _store.CreateUploadAsync(Guid.NewGuid().ToString(), default);
        await _store.WriteUploadAsync(token, 0, Bytes("abc"), default);

        await _store.AbortUploadAsync(token, default);

        Assert.False(Directory.Exists(Path.GetDirectoryName(StagedPath(token))));
        await Assert.ThrowsAsync<FileNotFoundException>(() => _store.WriteUploadAsync(token, 0, Bytes("x"), default));
    }

    [Fact]
    public async Task Aborting_an_upload_that_was_never_created_is_no_error()
    {
        var exception = await Record.ExceptionAsync(() => _store.AbortUploadAsync(Guid.NewGuid().ToString(), default));
        Assert.Null(exception);
    }

    [Fact]
    public async Task A_listed_upload_has_its_id_as_token_and_its_files_last_write_time()
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
    public async Task Listing_uploads_skips_folders_that_are_no_uploads()
    {
        // Upload directories are named by the canonical form of their GUID; a folder in another form is not one of them.
        Directory.CreateDirectory(Path.Combine(_directory.Path, "docker", "registry", "v2", "_uploads", "not-an-upload"));
        Directory.CreateDirectory(Path.Combine(_directory.Path, "docker", "registry", "v2", "_uploads", Guid.NewGuid().ToString("N")));
        var token = await _store.CreateUploadAsync(Guid.NewGuid().ToString(), default);

        Assert.Equal([token], (await ListAsync()).Select(u => u.Token));
    }

    private string StagedPath(string id) =>
        Path.Combine(_directory.Path, "docker", "registry", "v2", "_uploads", id, "data");

    private static MemoryStream Bytes(string text) => new(Encoding.UTF8.GetBytes(text));

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
