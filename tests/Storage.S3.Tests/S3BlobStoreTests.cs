using System.Security.Cryptography;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Storage.S3.Tests;

[Collection(S3ServerCollection.Name)]
public sealed class S3BlobStoreTests(S3ServerFixture server) : IDisposable
{
    private const int MiB = 1024 * 1024;

    private readonly S3BlobStore _store = new(server.Options($"test-{Guid.NewGuid():N}"));

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Chunks_of_any_size_assemble_into_the_blob_at_its_content_address()
    {
        // Tiny chunks (as the conformance suite sends), a chunk spanning parts, and a tail below the part minimum.
        var content = RandomNumberGenerator.GetBytes(12 * MiB + 123);
        var cuts = new[] { 0, 1, 100, 3 * MiB, 11 * MiB, content.Length };

        var (token, offset) = await UploadAsync(content, cuts);
        var digest = Digest.ComputeSha256(content);
        await _store.CommitUploadAsync(token, offset, digest, CancellationToken.None);

        Assert.Equal(content.Length, await _store.GetBlobSizeAsync(digest, CancellationToken.None));
        Assert.Equal(content, await ReadAsync(digest, 0, null));
    }

    [Fact]
    public async Task A_write_that_is_never_accepted_leaves_the_accepted_bytes_intact()
    {
        var content = RandomNumberGenerator.GetBytes(7 * MiB);
        var (accepted, offset) = await UploadAsync(content, [0, 2 * MiB]);

        // A chunk whose writer died: written, but its token is never committed by the session.
        await _store.WriteUploadAsync(accepted, offset, new MemoryStream(RandomNumberGenerator.GetBytes(6 * MiB)), CancellationToken.None);

        var rest = await _store.WriteUploadAsync(accepted, offset, new MemoryStream(content[(int)offset..]), CancellationToken.None);
        var digest = Digest.ComputeSha256(content);
        await _store.CommitUploadAsync(rest.Token, content.Length, digest, CancellationToken.None);

        Assert.Equal(content, await ReadAsync(digest, 0, null));
    }

    [Fact]
    public async Task Reading_an_upload_back_before_commit_returns_exactly_its_bytes()
    {
        var content = RandomNumberGenerator.GetBytes(6 * MiB + 7);
        var (token, offset) = await UploadAsync(content, [0, 5]);

        await using var staged = await _store.ReadUploadAsync(token, offset, CancellationToken.None);
        var copy = new MemoryStream();
        await staged.CopyToAsync(copy);
        Assert.Equal(content, copy.ToArray());

        // Reading assembled the upload; the commit that follows must still succeed.
        var digest = Digest.Compute(Digest.Sha512, content);
        await _store.CommitUploadAsync(token, offset, digest, CancellationToken.None);
        Assert.Equal(content.Length, await _store.GetBlobSizeAsync(digest, CancellationToken.None));
    }

    [Fact]
    public async Task A_retried_commit_succeeds_without_the_upload()
    {
        var content = RandomNumberGenerator.GetBytes(1000);
        var (token, offset) = await UploadAsync(content, [0]);
        var digest = Digest.ComputeSha256(content);

        await _store.CommitUploadAsync(token, offset, digest, CancellationToken.None);
        await _store.CommitUploadAsync(token, offset, digest, CancellationToken.None);

        Assert.Equal(content, await ReadAsync(digest, 0, null));
    }

    [Fact]
    public async Task An_empty_blob_commits()
    {
        var (token, offset) = await UploadAsync([], [0]);
        var digest = Digest.ComputeSha256([]);

        await _store.CommitUploadAsync(token, offset, digest, CancellationToken.None);

        Assert.Equal(0, await _store.GetBlobSizeAsync(digest, CancellationToken.None));
    }

    [Fact]
    public async Task Ranged_reads_return_exactly_the_range()
    {
        var content = RandomNumberGenerator.GetBytes(4096);
        var digest = Digest.ComputeSha256(content);
        await _store.PutBlobAsync(digest, content, CancellationToken.None);

        Assert.Equal(content[100..200], await ReadAsync(digest, 100, 100));
        Assert.Equal(content[4000..], await ReadAsync(digest, 4000, null));
    }

    [Fact]
    public async Task Aborted_uploads_disappear_from_the_listing()
    {
        var uploadId = Guid.NewGuid().ToString();
        var token = await _store.CreateUploadAsync(uploadId, CancellationToken.None);
        await _store.WriteUploadAsync(token, 0, new MemoryStream(new byte[10]), CancellationToken.None);

        Assert.Contains(await ListAsync(), u => u.UploadId == uploadId);

        var listed = (await ListAsync()).Single(u => u.UploadId == uploadId);
        await _store.AbortUploadAsync(listed.Token, CancellationToken.None);

        Assert.DoesNotContain(await ListAsync(), u => u.UploadId == uploadId);
    }

    [Fact]
    public async Task A_presigned_download_url_serves_the_blob_when_redirects_are_on()
    {
        var content = RandomNumberGenerator.GetBytes(3000);
        var digest = Digest.ComputeSha256(content);
        var options = server.Options($"redirect-{Guid.NewGuid():N}");
        options.RedirectDownloads = true;
        using var redirecting = new S3BlobStore(options);
        await redirecting.PutBlobAsync(digest, content, CancellationToken.None);

        var url = await redirecting.GetDownloadUrlAsync(digest, CancellationToken.None);

        using var http = new HttpClient();
        Assert.Equal(content, await http.GetByteArrayAsync(url));
        Assert.Null(await _store.GetDownloadUrlAsync(digest, CancellationToken.None));
    }

    [Fact]
    public async Task A_missing_blob_has_no_size_and_cannot_be_opened()
    {
        var digest = Digest.ComputeSha256(RandomNumberGenerator.GetBytes(8));

        Assert.Null(await _store.GetBlobSizeAsync(digest, CancellationToken.None));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => _store.OpenBlobAsync(digest, 0, null, CancellationToken.None));
    }

    private async Task<(string Token, long Offset)> UploadAsync(byte[] content, int[] cuts)
    {
        var token = await _store.CreateUploadAsync(Guid.NewGuid().ToString(), CancellationToken.None);
        long offset = 0;
        var bounds = cuts.Append(content.Length).Distinct().ToArray();
        for (var i = 0; i + 1 < bounds.Length; i++)
        {
            var chunk = content[bounds[i]..bounds[i + 1]];
            var written = await _store.WriteUploadAsync(token, offset, new MemoryStream(chunk), CancellationToken.None);
            Assert.Equal(chunk.Length, written.BytesWritten);
            token = written.Token;
            offset += written.BytesWritten;
        }

        return (token, offset);
    }

    private async Task<byte[]> ReadAsync(Digest digest, long offset, long? length)
    {
        await using var stream = await _store.OpenBlobAsync(digest, offset, length, CancellationToken.None);
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private async Task<List<StagedUpload>> ListAsync()
    {
        var uploads = new List<StagedUpload>();
        await foreach (var upload in _store.ListUploadsAsync(CancellationToken.None))
        {
            uploads.Add(upload);
        }

        return uploads;
    }
}
