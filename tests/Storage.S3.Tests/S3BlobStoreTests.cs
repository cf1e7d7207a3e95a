using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Storage.S3.Tests;

/// <summary>
/// What is particular to the S3 driver: chunks cut into multipart parts with a tail object for what does not fill
/// a part, the objects an upload leaves until it ends, listings that page, and presigned download URLs. What every
/// driver does is in <see cref="S3BlobStoreContractTests"/>.
/// </summary>
[Collection(S3ServerCollection.Name)]
public sealed class S3BlobStoreTests : IDisposable
{
    private const int MiB = 1024 * 1024;

    private readonly S3ServerFixture _server;
    private readonly S3StorageOptions _options;
    private readonly S3BlobStore _store;
    private readonly AmazonS3Client _backend;

    public S3BlobStoreTests(S3ServerFixture server)
    {
        _server = server;
        _options = server.Options($"test-{Guid.NewGuid():N}");
        _store = new S3BlobStore(_options);
        _backend = S3BlobStore.CreateClient(_options);
    }

    public void Dispose()
    {
        _store.Dispose();
        _backend.Dispose();
    }

    [Fact]
    public async Task A_chunk_of_a_whole_part_goes_into_the_multipart_upload_without_a_tail()
    {
        var token = await _store.CreateUploadAsync(Guid.NewGuid().ToString(), CancellationToken.None);

        var write = await _store.WriteUploadAsync(token, 0, new MemoryStream(RandomNumberGenerator.GetBytes(_options.PartSize)), CancellationToken.None);

        var upload = S3UploadToken.Parse(write.Token);
        Assert.Equal([_options.PartSize], upload.Parts.Select(p => p.Size));
        Assert.Null(upload.TailKey);
        Assert.Equal(0, upload.TailBytes);
        Assert.Equal(_options.PartSize, _store.MinimumChunkLength);
    }

    [Fact]
    public async Task Bytes_too_few_for_a_part_wait_in_a_tail_object_under_the_upload()
    {
        var id = Guid.NewGuid().ToString();
        var token = await _store.CreateUploadAsync(id, CancellationToken.None);

        var write = await _store.WriteUploadAsync(token, 0, new MemoryStream(new byte[3 * MiB]), CancellationToken.None);

        var upload = S3UploadToken.Parse(write.Token);
        Assert.Empty(upload.Parts);
        Assert.Equal(3 * MiB, upload.TailBytes);
        Assert.StartsWith($"docker/registry/v2/_uploads/{id}/tail-", upload.TailKey);
        Assert.Contains(upload.TailKey, await UploadObjectsAsync(id));
    }

    [Fact]
    public async Task The_next_chunk_joins_the_tail_into_a_part_and_a_new_tail()
    {
        var token = await _store.CreateUploadAsync(Guid.NewGuid().ToString(), CancellationToken.None);
        var first = await _store.WriteUploadAsync(token, 0, new MemoryStream(new byte[3 * MiB]), CancellationToken.None);

        var second = await _store.WriteUploadAsync(first.Token, 3 * MiB, new MemoryStream(new byte[3 * MiB]), CancellationToken.None);

        var upload = S3UploadToken.Parse(second.Token);
        Assert.Equal(3 * MiB, second.BytesWritten);
        Assert.Equal([_options.PartSize], upload.Parts.Select(p => p.Size));
        Assert.Equal(6 * MiB - _options.PartSize, upload.TailBytes);
        // A fresh tail: the accepted token's tail must survive in case this chunk is never accepted.
        Assert.NotEqual(S3UploadToken.Parse(first.Token).TailKey, upload.TailKey);
    }

    [Fact]
    public async Task A_last_chunk_of_at_least_the_S3_minimum_becomes_a_part_of_its_own_size()
    {
        // Parts are configured larger than S3's minimum here; a remainder that S3 accepts as a part needs no tail.
        var options = _server.Options($"parts-{Guid.NewGuid():N}");
        options.PartSize = 2 * S3Limits.MinPartSize;
        using var store = new S3BlobStore(options);
        var token = await store.CreateUploadAsync(Guid.NewGuid().ToString(), CancellationToken.None);

        var write = await store.WriteUploadAsync(token, 0, new MemoryStream(new byte[S3Limits.MinPartSize + 1]), CancellationToken.None);

        var upload = S3UploadToken.Parse(write.Token);
        Assert.Equal([S3Limits.MinPartSize + 1L], upload.Parts.Select(p => p.Size));
        Assert.Null(upload.TailKey);
    }

    [Fact]
    public async Task A_commit_leaves_no_object_of_the_upload_behind()
    {
        var id = Guid.NewGuid().ToString();
        var content = RandomNumberGenerator.GetBytes(6 * MiB);
        var token = await _store.CreateUploadAsync(id, CancellationToken.None);
        var first = await _store.WriteUploadAsync(token, 0, new MemoryStream(content[..MiB]), CancellationToken.None);
        var second = await _store.WriteUploadAsync(first.Token, MiB, new MemoryStream(content[MiB..]), CancellationToken.None);

        await _store.CommitUploadAsync(second.Token, content.Length, Digest.ComputeSha256(content), CancellationToken.None);

        Assert.Empty(await UploadObjectsAsync(id));
    }

    [Fact]
    public async Task Listings_page_through_more_entries_than_one_call_returns()
    {
        using var store = new S3BlobStore(_options) { ListPageSize = 2 };
        var blobs = new List<Digest>();
        var uploads = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var content = RandomNumberGenerator.GetBytes(10);
            blobs.Add(Digest.ComputeSha256(content));
            await store.PutBlobAsync(blobs[^1], content, CancellationToken.None);
            uploads.Add(Guid.NewGuid().ToString());
            await store.CreateUploadAsync(uploads[^1], CancellationToken.None);
        }

        var listedBlobs = new List<Digest>();
        await foreach (var blob in store.ListBlobsAsync(CancellationToken.None))
        {
            listedBlobs.Add(blob.Digest);
        }

        var listedUploads = new List<string>();
        await foreach (var upload in store.ListUploadsAsync(CancellationToken.None))
        {
            listedUploads.Add(upload.UploadId);
        }

        Assert.Equal(blobs.Select(d => d.ToString()).Order(), listedBlobs.Select(d => d.ToString()).Order());
        Assert.Equal(uploads.Order(), listedUploads.Order());
    }

    [Fact]
    public async Task An_abort_deletes_more_tail_objects_than_one_listing_returns()
    {
        // Every chunk below a part leaves a tail object of its own until the upload ends.
        using var store = new S3BlobStore(_options) { ListPageSize = 2 };
        var id = Guid.NewGuid().ToString();
        var token = await store.CreateUploadAsync(id, CancellationToken.None);
        for (var offset = 0; offset < 5; offset++)
        {
            token = (await store.WriteUploadAsync(token, offset, new MemoryStream([1]), CancellationToken.None)).Token;
        }

        Assert.Equal(5, (await UploadObjectsAsync(id)).Count);

        await store.AbortUploadAsync(token, CancellationToken.None);

        Assert.Empty(await UploadObjectsAsync(id));
    }

    [Fact]
    public async Task A_presigned_download_url_serves_the_blob_when_redirects_are_on()
    {
        var content = RandomNumberGenerator.GetBytes(3000);
        var digest = Digest.ComputeSha256(content);
        var options = _server.Options($"redirect-{Guid.NewGuid():N}");
        options.RedirectDownloads = true;
        using var redirecting = new S3BlobStore(options);
        await redirecting.PutBlobAsync(digest, content, CancellationToken.None);

        var url = await redirecting.GetDownloadUrlAsync(digest, CancellationToken.None);

        using var http = new HttpClient();
        Assert.Equal(content, await http.GetByteArrayAsync(url));
        Assert.Null(await _store.GetDownloadUrlAsync(digest, CancellationToken.None));
    }

    /// <summary>The keys of the objects an upload has in the bucket (its staging object and tails), read directly.</summary>
    private async Task<List<string>> UploadObjectsAsync(string uploadId)
    {
        var listing = await _backend.ListObjectsV2Async(
            new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = $"docker/registry/v2/_uploads/{uploadId}/" });
        return (listing.S3Objects ?? []).Select(o => o.Key).ToList();
    }
}
