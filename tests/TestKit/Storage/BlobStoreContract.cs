using System.Security.Cryptography;
using System.Text;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Storage;
using Xunit;

namespace OrleansRegistry.TestKit.Storage;

/// <summary>
/// What every storage driver promises (<see cref="IBlobStore"/>), as specifications each driver's test project runs
/// through one subclass that supplies a fresh, empty store per test and direct access to the backend beneath it.
/// </summary>
/// <remarks>
/// Keys in these tests are spelled out literally, not taken from <see cref="StorageLayout"/>: a driver must go on
/// reading what earlier versions and CNCF Distribution stored, whatever the code says today.
/// </remarks>
public abstract class BlobStoreContract
{
    private const int MiB = 1024 * 1024;

    /// <summary>A store that holds nothing yet and that no other test uses.</summary>
    protected abstract IBlobStore Store { get; }

    /// <summary>The same store, as a reader of keys outside the blob layout.</summary>
    protected abstract IStorageTree Tree { get; }

    /// <summary>Writes bytes under a key of the backend directly, as another registry sharing the storage would.</summary>
    protected abstract Task WriteObjectAsync(string key, byte[] content);

    /// <summary>Reads the bytes under a key of the backend directly; null where there is nothing.</summary>
    protected abstract Task<byte[]?> ReadObjectAsync(string key);

    [Fact]
    public async Task A_new_upload_is_listed_and_reads_back_empty()
    {
        var id = Guid.NewGuid().ToString();

        var token = await Store.CreateUploadAsync(id, CancellationToken.None);

        Assert.Equal([id], (await ListUploadsAsync()).Select(u => u.UploadId));
        Assert.Empty(await ReadUploadAsync(token, 0));
    }

    [Fact]
    public async Task Chunks_written_at_the_accepted_offset_append_and_report_their_length()
    {
        var token = await Store.CreateUploadAsync(Guid.NewGuid().ToString(), CancellationToken.None);

        var first = await Store.WriteUploadAsync(token, 0, Bytes("hello "), CancellationToken.None);
        var second = await Store.WriteUploadAsync(first.Token, 6, Bytes("world"), CancellationToken.None);

        Assert.Equal(6, first.BytesWritten);
        Assert.Equal(5, second.BytesWritten);
        Assert.Equal("hello world", Text(await ReadUploadAsync(second.Token, 11)));
    }

    [Fact]
    public async Task Chunks_of_many_sizes_assemble_exactly()
    {
        // Tiny chunks (as the conformance suite sends), a chunk spanning S3 parts, and a tail below S3's part minimum.
        var content = RandomNumberGenerator.GetBytes(12 * MiB + 123);

        var (token, offset) = await UploadAsync(content, [0, 1, 100, 3 * MiB, 11 * MiB]);
        var digest = Digest.ComputeSha256(content);
        await Store.CommitUploadAsync(token, offset, digest, CancellationToken.None);

        Assert.Equal(content.Length, await Store.GetBlobSizeAsync(digest, CancellationToken.None));
        Assert.Equal(content, await ReadBlobAsync(digest, 0, null));
    }

    [Fact]
    public async Task Chunks_of_the_advertised_minimum_length_assemble_exactly()
    {
        // Where the store advertises no minimum, any size is as good; a small one stands in for it.
        var chunk = (int)(Store.MinimumChunkLength ?? 64 * 1024);
        Assert.True(chunk > 0, $"a minimum chunk length must be positive, not {chunk}");
        var content = RandomNumberGenerator.GetBytes(2 * chunk + 1);

        var (token, offset) = await UploadAsync(content, [0, chunk, 2 * chunk]);
        var digest = Digest.ComputeSha256(content);
        await Store.CommitUploadAsync(token, offset, digest, CancellationToken.None);

        Assert.Equal(content, await ReadBlobAsync(digest, 0, null));
    }

    [Fact]
    public async Task A_write_at_the_accepted_offset_discards_an_unaccepted_tail()
    {
        var content = RandomNumberGenerator.GetBytes(7 * MiB);
        var (accepted, offset) = await UploadAsync(content, [0, 2 * MiB]);

        // A chunk whose writer died after writing: its bytes are stored, but the session never accepts its token.
        await Store.WriteUploadAsync(accepted, offset, new MemoryStream(RandomNumberGenerator.GetBytes(6 * MiB)), CancellationToken.None);

        var rest = await Store.WriteUploadAsync(accepted, offset, new MemoryStream(content[(int)offset..]), CancellationToken.None);
        var digest = Digest.ComputeSha256(content);
        await Store.CommitUploadAsync(rest.Token, content.Length, digest, CancellationToken.None);

        Assert.Equal(content, await ReadBlobAsync(digest, 0, null));
    }

    [Fact]
    public async Task An_empty_chunk_writes_nothing()
    {
        var token = await Store.CreateUploadAsync(Guid.NewGuid().ToString(), CancellationToken.None);
        var first = await Store.WriteUploadAsync(token, 0, Bytes("abc"), CancellationToken.None);

        var empty = await Store.WriteUploadAsync(first.Token, 3, Stream.Null, CancellationToken.None);
        var last = await Store.WriteUploadAsync(empty.Token, 3, Bytes("def"), CancellationToken.None);

        Assert.Equal(0, empty.BytesWritten);
        Assert.Equal("abcdef", Text(await ReadUploadAsync(last.Token, 6)));
    }

    [Fact]
    public async Task A_write_past_the_accepted_bytes_is_refused()
    {
        // The session claims more than storage holds: writing there would leave a hole.
        var token = await Store.CreateUploadAsync(Guid.NewGuid().ToString(), CancellationToken.None);
        var write = await Store.WriteUploadAsync(token, 0, Bytes("abc"), CancellationToken.None);

        await Assert.ThrowsAsync<InvalidDataException>(() => Store.WriteUploadAsync(write.Token, 10, Bytes("x"), CancellationToken.None));

        Assert.Equal("abc", Text(await ReadUploadAsync(write.Token, 3)));
    }

    [Fact]
    public async Task Reading_an_upload_back_returns_exactly_its_bytes_and_it_still_commits()
    {
        // What a sha512 upload does: the gateway hashed SHA-256 only, so the grain reads the bytes back to verify.
        var content = RandomNumberGenerator.GetBytes(6 * MiB + 7);
        var (token, offset) = await UploadAsync(content, [0, 5]);

        Assert.Equal(content, await ReadUploadAsync(token, offset));

        var digest = Digest.Compute(Digest.Sha512, content);
        await Store.CommitUploadAsync(token, offset, digest, CancellationToken.None);
        Assert.Equal(content.Length, await Store.GetBlobSizeAsync(digest, CancellationToken.None));
    }

    [Fact]
    public async Task Reading_an_upload_back_leaves_out_an_unaccepted_tail()
    {
        var token = await Store.CreateUploadAsync(Guid.NewGuid().ToString(), CancellationToken.None);
        var accepted = await Store.WriteUploadAsync(token, 0, Bytes("01234"), CancellationToken.None);
        await Store.WriteUploadAsync(accepted.Token, 5, Bytes("56789"), CancellationToken.None);

        Assert.Equal("01234", Text(await ReadUploadAsync(accepted.Token, 5)));
    }

    [Fact]
    public async Task A_commit_makes_the_blob_visible_at_its_content_address()
    {
        var content = Encoding.UTF8.GetBytes("layer bytes");
        var digest = Digest.ComputeSha256(content);
        var (token, offset) = await UploadAsync(content, [0]);
        Assert.Null(await Store.GetBlobSizeAsync(digest, CancellationToken.None));

        await Store.CommitUploadAsync(token, offset, digest, CancellationToken.None);

        Assert.Equal(content.Length, await Store.GetBlobSizeAsync(digest, CancellationToken.None));
        Assert.Equal(content, await ReadBlobAsync(digest, 0, null));
        Assert.Equal(content, await ReadObjectAsync($"docker/registry/v2/blobs/sha256/{digest.Encoded[..2]}/{digest.Encoded}/data"));
        Assert.Empty(await ListUploadsAsync());
    }

    [Fact]
    public async Task A_commit_keeps_only_the_accepted_bytes()
    {
        var token = await Store.CreateUploadAsync(Guid.NewGuid().ToString(), CancellationToken.None);
        var accepted = await Store.WriteUploadAsync(token, 0, Bytes("accepted"), CancellationToken.None);
        await Store.WriteUploadAsync(accepted.Token, 8, Bytes("+unaccepted"), CancellationToken.None);
        var digest = Digest.ComputeSha256("accepted"u8);

        await Store.CommitUploadAsync(accepted.Token, 8, digest, CancellationToken.None);

        Assert.Equal("accepted", Text(await ReadBlobAsync(digest, 0, null)));
    }

    [Fact]
    public async Task A_commit_of_more_bytes_than_accepted_is_refused()
    {
        var (token, _) = await UploadAsync("abc"u8.ToArray(), [0]);
        var digest = Digest.ComputeSha256("abcd"u8);

        await Assert.ThrowsAsync<InvalidDataException>(() => Store.CommitUploadAsync(token, 4, digest, CancellationToken.None));

        Assert.Null(await Store.GetBlobSizeAsync(digest, CancellationToken.None));
    }

    [Fact]
    public async Task A_retried_commit_finds_the_blob_in_place()
    {
        // A grain whose commit reply was lost commits again; the upload is gone by then, the blob is there.
        var content = RandomNumberGenerator.GetBytes(1000);
        var (token, offset) = await UploadAsync(content, [0]);
        var digest = Digest.ComputeSha256(content);

        await Store.CommitUploadAsync(token, offset, digest, CancellationToken.None);
        await Store.CommitUploadAsync(token, offset, digest, CancellationToken.None);

        Assert.Equal(content, await ReadBlobAsync(digest, 0, null));
    }

    [Fact]
    public async Task Two_uploads_of_the_same_content_leave_one_blob()
    {
        var content = "same"u8.ToArray();
        var digest = Digest.ComputeSha256(content);
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var (token, offset) = await UploadAsync(content, [0]);
            await Store.CommitUploadAsync(token, offset, digest, CancellationToken.None);
        }

        Assert.Equal("same", Text(await ReadBlobAsync(digest, 0, null)));
        Assert.Equal([digest], (await ListBlobsAsync()).Select(b => b.Digest));
        Assert.Empty(await ListUploadsAsync());
    }

    [Fact]
    public async Task The_empty_blob_commits_from_an_upload_that_was_never_written()
    {
        var token = await Store.CreateUploadAsync(Guid.NewGuid().ToString(), CancellationToken.None);
        var digest = Digest.ComputeSha256([]);

        await Store.CommitUploadAsync(token, 0, digest, CancellationToken.None);

        Assert.Equal(0, await Store.GetBlobSizeAsync(digest, CancellationToken.None));
        Assert.Empty(await ReadBlobAsync(digest, 0, null));
        Assert.Empty(await ListUploadsAsync());
    }

    [Fact]
    public async Task Committed_and_aborted_uploads_are_no_longer_listed()
    {
        var (committed, offset) = await UploadAsync("kept"u8.ToArray(), [0]);
        await Store.CommitUploadAsync(committed, offset, Digest.ComputeSha256("kept"u8), CancellationToken.None);
        var (aborted, _) = await UploadAsync("dropped"u8.ToArray(), [0]);
        await Store.AbortUploadAsync(aborted, CancellationToken.None);
        var open = Guid.NewGuid().ToString();
        await Store.CreateUploadAsync(open, CancellationToken.None);

        Assert.Equal([open], (await ListUploadsAsync()).Select(u => u.UploadId));
    }

    [Fact]
    public async Task Staged_uploads_are_listed_with_their_ids_and_a_time()
    {
        var first = Guid.NewGuid().ToString();
        var second = Guid.NewGuid().ToString();
        await Store.CreateUploadAsync(first, CancellationToken.None);
        var token = await Store.CreateUploadAsync(second, CancellationToken.None);
        await Store.WriteUploadAsync(token, 0, Bytes("staged"), CancellationToken.None);

        var uploads = await ListUploadsAsync();

        Assert.Equal(new[] { first, second }.Order(), uploads.Select(u => u.UploadId).Order());
        Assert.All(uploads, u => Assert.True(u.LastModified > DateTimeOffset.UnixEpoch, $"{u.UploadId} was listed with no real time: {u.LastModified}"));
    }

    [Fact]
    public async Task A_listed_token_aborts_its_upload()
    {
        // Expiry knows uploads only from the listing, also those whose session state is gone.
        var id = Guid.NewGuid().ToString();
        var token = await Store.CreateUploadAsync(id, CancellationToken.None);
        await Store.WriteUploadAsync(token, 0, new MemoryStream(new byte[10]), CancellationToken.None);
        var listed = (await ListUploadsAsync()).Single(u => u.UploadId == id);

        await Store.AbortUploadAsync(listed.Token, CancellationToken.None);

        Assert.Empty(await ListUploadsAsync());
    }

    [Fact]
    public async Task Aborting_an_upload_again_is_no_error()
    {
        var (token, _) = await UploadAsync("abc"u8.ToArray(), [0]);
        await Store.AbortUploadAsync(token, CancellationToken.None);

        await Store.AbortUploadAsync(token, CancellationToken.None);

        Assert.Empty(await ListUploadsAsync());
    }

    [Fact]
    public async Task An_aborted_upload_commits_no_blob()
    {
        var (token, offset) = await UploadAsync("abc"u8.ToArray(), [0]);
        var digest = Digest.ComputeSha256("abc"u8);
        await Store.AbortUploadAsync(token, CancellationToken.None);

        await Assert.ThrowsAnyAsync<Exception>(() => Store.CommitUploadAsync(token, offset, digest, CancellationToken.None));

        Assert.Null(await Store.GetBlobSizeAsync(digest, CancellationToken.None));
    }

    [Fact]
    public async Task A_put_blob_is_stored_under_its_digest()
    {
        var content = "0123456789abcdefghij"u8.ToArray();
        var digest = Digest.ComputeSha256(content);

        await Store.PutBlobAsync(digest, content, CancellationToken.None);

        Assert.Equal(content.Length, await Store.GetBlobSizeAsync(digest, CancellationToken.None));
        Assert.Equal(content, await ReadBlobAsync(digest, 0, null));
        Assert.Equal(content, await ReadObjectAsync($"docker/registry/v2/blobs/sha256/{digest.Encoded[..2]}/{digest.Encoded}/data"));
    }

    [Fact]
    public async Task A_sha512_blob_is_stored_under_its_algorithm()
    {
        var content = "sha512 content"u8.ToArray();
        var digest = Digest.Compute(Digest.Sha512, content);

        await Store.PutBlobAsync(digest, content, CancellationToken.None);

        Assert.Equal(content.Length, await Store.GetBlobSizeAsync(digest, CancellationToken.None));
        Assert.Equal(content, await ReadObjectAsync($"docker/registry/v2/blobs/sha512/{digest.Encoded[..2]}/{digest.Encoded}/data"));
    }

    [Fact]
    public async Task Putting_a_stored_digest_again_keeps_the_stored_bytes()
    {
        // Content addressing: one digest means one content, so a second put has nothing to write. (The bytes here
        // differ, keeping the length, to see that nothing was written: no driver re-reads the bytes to compare.)
        var content = "0123456789abcdefghij"u8.ToArray();
        var digest = Digest.ComputeSha256(content);
        await Store.PutBlobAsync(digest, content, CancellationToken.None);

        await Store.PutBlobAsync(digest, "ABCDEFGHIJ0123456789"u8.ToArray(), CancellationToken.None);

        Assert.Equal(content, await ReadBlobAsync(digest, 0, null));
        Assert.Single(await ListBlobsAsync());
    }

    [Fact]
    public async Task The_empty_blob_can_be_put()
    {
        var digest = Digest.ComputeSha256([]);

        await Store.PutBlobAsync(digest, ReadOnlyMemory<byte>.Empty, CancellationToken.None);

        Assert.Equal(0, await Store.GetBlobSizeAsync(digest, CancellationToken.None));
        Assert.Empty(await ReadBlobAsync(digest, 0, null));
    }

    [Fact]
    public async Task A_blob_opens_from_an_offset_to_its_end()
    {
        var content = RandomNumberGenerator.GetBytes(4096);
        var digest = await PutAsync(content);

        Assert.Equal(content[4000..], await ReadBlobAsync(digest, 4000, null));
        Assert.Equal(content, await ReadBlobAsync(digest, 0, null));
    }

    [Fact]
    public async Task A_blob_opens_for_a_range_of_bytes()
    {
        var content = RandomNumberGenerator.GetBytes(4096);
        var digest = await PutAsync(content);

        Assert.Equal(content[100..200], await ReadBlobAsync(digest, 100, 100));
        Assert.Equal(content[..1], await ReadBlobAsync(digest, 0, 1));
        Assert.Equal(content[^1..], await ReadBlobAsync(digest, 4095, 1));
        Assert.Equal(content, await ReadBlobAsync(digest, 0, 4096));
    }

    [Fact]
    public async Task A_range_past_the_end_stops_at_the_end()
    {
        var digest = await PutAsync("0123456789abcdefghij"u8.ToArray());

        Assert.Equal("ij", Text(await ReadBlobAsync(digest, 18, 100)));
    }

    [Fact]
    public async Task A_missing_blob_has_no_size_and_cannot_be_opened()
    {
        var digest = Digest.ComputeSha256(RandomNumberGenerator.GetBytes(8));

        Assert.Null(await Store.GetBlobSizeAsync(digest, CancellationToken.None));
        var error = await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.OpenBlobAsync(digest, 0, null, CancellationToken.None));
        Assert.Equal(digest, error.Digest);
    }

    [Fact]
    public async Task A_blob_another_registry_stored_in_distributions_layout_is_served()
    {
        var content = RandomNumberGenerator.GetBytes(100);
        var digest = Digest.ComputeSha256(content);

        await WriteObjectAsync($"docker/registry/v2/blobs/sha256/{digest.Encoded[..2]}/{digest.Encoded}/data", content);

        Assert.Equal(content.Length, await Store.GetBlobSizeAsync(digest, CancellationToken.None));
        Assert.Equal(content, await ReadBlobAsync(digest, 0, null));
        Assert.Equal([(digest, 100L)], (await ListBlobsAsync()).Select(b => (b.Digest, b.Size)));
    }

    [Fact]
    public async Task A_deleted_blob_is_gone()
    {
        var content = RandomNumberGenerator.GetBytes(100);
        var digest = await PutAsync(content);
        var kept = await PutAsync(RandomNumberGenerator.GetBytes(100));

        await Store.DeleteBlobAsync(digest, CancellationToken.None);

        Assert.Null(await Store.GetBlobSizeAsync(digest, CancellationToken.None));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => Store.OpenBlobAsync(digest, 0, null, CancellationToken.None));
        Assert.Null(await ReadObjectAsync($"docker/registry/v2/blobs/sha256/{digest.Encoded[..2]}/{digest.Encoded}/data"));
        Assert.Equal([kept], (await ListBlobsAsync()).Select(b => b.Digest));
    }

    [Fact]
    public async Task Deleting_a_missing_blob_is_no_error()
    {
        var digest = await PutAsync("there"u8.ToArray());
        await Store.DeleteBlobAsync(digest, CancellationToken.None);

        await Store.DeleteBlobAsync(digest, CancellationToken.None);
        await Store.DeleteBlobAsync(Digest.Compute(Digest.Sha512, "never stored"u8), CancellationToken.None);

        Assert.Empty(await ListBlobsAsync());
    }

    [Fact]
    public async Task A_deleted_blob_can_be_stored_again()
    {
        var content = "back again"u8.ToArray();
        var digest = await PutAsync(content);
        await Store.DeleteBlobAsync(digest, CancellationToken.None);

        var (token, offset) = await UploadAsync(content, [0]);
        await Store.CommitUploadAsync(token, offset, digest, CancellationToken.None);

        Assert.Equal(content, await ReadBlobAsync(digest, 0, null));
    }

    [Fact]
    public async Task An_empty_store_lists_no_blobs()
    {
        Assert.Empty(await ListBlobsAsync());
    }

    [Fact]
    public async Task Stored_blobs_are_listed_with_their_digest_and_size()
    {
        var committed = RandomNumberGenerator.GetBytes(3000);
        var (token, offset) = await UploadAsync(committed, [0, 1000]);
        await Store.CommitUploadAsync(token, offset, Digest.ComputeSha256(committed), CancellationToken.None);
        var put = RandomNumberGenerator.GetBytes(50);
        await Store.PutBlobAsync(Digest.Compute(Digest.Sha512, put), put, CancellationToken.None);
        await Store.PutBlobAsync(Digest.ComputeSha256([]), ReadOnlyMemory<byte>.Empty, CancellationToken.None);

        var blobs = await ListBlobsAsync();

        var expected = new[] { (Digest.ComputeSha256(committed), 3000L), (Digest.Compute(Digest.Sha512, put), 50L), (Digest.ComputeSha256([]), 0L) };
        Assert.Equal(expected.OrderBy(b => b.Item1.ToString()), blobs.Select(b => (b.Digest, b.Size)).OrderBy(b => b.Digest.ToString()));
        Assert.All(blobs, b => Assert.True(b.LastModified > DateTimeOffset.UnixEpoch, $"{b.Digest} was listed with no real time: {b.LastModified}"));
    }

    [Fact]
    public async Task Listing_blobs_skips_what_is_no_blob()
    {
        var blob = await PutAsync("the only blob"u8.ToArray());
        var hex = Digest.ComputeSha256("other"u8).Encoded;
        var junk = new[]
        {
            $"docker/registry/v2/blobs/sha256/{blob.Encoded[..2]}/{blob.Encoded}/data.tmp",
            $"docker/registry/v2/blobs/sha256/zz/{hex}/data",
            $"docker/registry/v2/blobs/sha256/{hex[..2].ToUpperInvariant()}/{hex.ToUpperInvariant()}/data",
            $"docker/registry/v2/blobs/sha256/{hex[..2]}/{hex[..20]}/data",
            $"docker/registry/v2/blobs/md5/{hex[..2]}/{hex}/data",
            $"docker/registry/v2/blobs/sha256/{hex[..2]}/{hex}/link",
            "docker/registry/v2/blobs/README",
            $"docker/registry/v2/repositories/team/app/_layers/sha256/{hex}/link",
        };
        foreach (var key in junk)
        {
            await WriteObjectAsync(key, "not a blob"u8.ToArray());
        }

        var token = await Store.CreateUploadAsync(Guid.NewGuid().ToString(), CancellationToken.None);
        await Store.WriteUploadAsync(token, 0, Bytes("staged, not stored"), CancellationToken.None);

        Assert.Equal([blob], (await ListBlobsAsync()).Select(b => b.Digest));
    }

    [Fact]
    public async Task A_store_without_redirects_offers_no_download_url()
    {
        var digest = await PutAsync("served through the gateway"u8.ToArray());

        Assert.Null(await Store.GetDownloadUrlAsync(digest, CancellationToken.None));
    }

    [Fact]
    public async Task The_tree_lists_the_children_under_a_prefix_once_each_and_not_the_files_beside_them()
    {
        var hex = Digest.ComputeSha256("tree"u8).Encoded;
        var link = Encoding.UTF8.GetBytes($"sha256:{hex}");
        foreach (var key in new[]
        {
            "docker/registry/v2/repositories/team/app/_manifests/tags/latest/current/link",
            $"docker/registry/v2/repositories/team/app/_manifests/revisions/sha256/{hex}/link",
            $"docker/registry/v2/repositories/team/app/_layers/sha256/{hex}/link",
            $"docker/registry/v2/repositories/team/web/_layers/sha256/{hex}/link",
            "docker/registry/v2/repositories/team/README",
        })
        {
            await WriteObjectAsync(key, link);
        }

        Assert.Equal(["app", "web"], (await ListChildrenAsync("docker/registry/v2/repositories/team")).Order());
        Assert.Equal(["_layers", "_manifests"], (await ListChildrenAsync("docker/registry/v2/repositories/team/app")).Order());
        Assert.Equal([hex], await ListChildrenAsync("docker/registry/v2/repositories/team/app/_layers/sha256"));
        Assert.Equal(["team"], await ListChildrenAsync("docker/registry/v2/repositories"));
    }

    [Fact]
    public async Task The_tree_lists_no_children_where_nothing_lies()
    {
        await WriteObjectAsync("docker/registry/v2/repositories/app/_layers/file", "x"u8.ToArray());

        Assert.Empty(await ListChildrenAsync("docker/registry/v2/repositories/none"));
        Assert.Empty(await ListChildrenAsync("docker/registry/v2/repositories/app/_layers"));
        Assert.Empty(await ListChildrenAsync("docker/registry/v2/repositories/app/_layers/file"));
    }

    [Fact]
    public async Task The_tree_reads_a_small_key_and_answers_null_for_a_missing_one()
    {
        var link = Encoding.UTF8.GetBytes($"sha256:{Digest.ComputeSha256("link"u8).Encoded}");
        await WriteObjectAsync("docker/registry/v2/repositories/app/_manifests/tags/v1/current/link", link);

        Assert.Equal(link, await Tree.ReadSmallAsync("docker/registry/v2/repositories/app/_manifests/tags/v1/current/link", 1024, CancellationToken.None));
        Assert.Null(await Tree.ReadSmallAsync("docker/registry/v2/repositories/app/_manifests/tags/v2/current/link", 1024, CancellationToken.None));
        Assert.Null(await Tree.ReadSmallAsync("docker/registry/v2/repositories/app/_manifests/tags/v1", 1024, CancellationToken.None));
    }

    [Fact]
    public async Task The_tree_refuses_to_read_more_than_asked_for()
    {
        await WriteObjectAsync("docker/registry/v2/repositories/app/_layers/sha256/big/link", new byte[2000]);

        await Assert.ThrowsAsync<InvalidDataException>(
            () => Tree.ReadSmallAsync("docker/registry/v2/repositories/app/_layers/sha256/big/link", 1024, CancellationToken.None));
    }

    private static MemoryStream Bytes(string text) => new(Encoding.UTF8.GetBytes(text));

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    /// <summary>Creates an upload and writes <paramref name="content"/> to it in chunks that start at <paramref name="cuts"/>.</summary>
    private async Task<(string Token, long Offset)> UploadAsync(byte[] content, int[] cuts)
    {
        var token = await Store.CreateUploadAsync(Guid.NewGuid().ToString(), CancellationToken.None);
        long offset = 0;
        var bounds = cuts.Append(content.Length).Distinct().ToArray();
        for (var i = 0; i + 1 < bounds.Length; i++)
        {
            var chunk = content[bounds[i]..bounds[i + 1]];
            var written = await Store.WriteUploadAsync(token, offset, new MemoryStream(chunk), CancellationToken.None);
            Assert.Equal(chunk.Length, written.BytesWritten);
            token = written.Token;
            offset += written.BytesWritten;
        }

        return (token, offset);
    }

    private async Task<Digest> PutAsync(byte[] content)
    {
        var digest = Digest.ComputeSha256(content);
        await Store.PutBlobAsync(digest, content, CancellationToken.None);
        return digest;
    }

    private async Task<byte[]> ReadBlobAsync(Digest digest, long offset, long? length)
    {
        await using var stream = await Store.OpenBlobAsync(digest, offset, length, CancellationToken.None);
        return await ReadAllAsync(stream);
    }

    private async Task<byte[]> ReadUploadAsync(string token, long size)
    {
        await using var stream = await Store.ReadUploadAsync(token, size, CancellationToken.None);
        return await ReadAllAsync(stream);
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private async Task<List<StagedUpload>> ListUploadsAsync()
    {
        var uploads = new List<StagedUpload>();
        await foreach (var upload in Store.ListUploadsAsync(CancellationToken.None))
        {
            uploads.Add(upload);
        }

        return uploads;
    }

    private async Task<List<string>> ListChildrenAsync(string prefix)
    {
        var children = new List<string>();
        await foreach (var child in Tree.ListChildrenAsync(prefix, CancellationToken.None))
        {
            children.Add(child);
        }

        return children;
    }

    private async Task<List<StoredBlob>> ListBlobsAsync()
    {
        var blobs = new List<StoredBlob>();
        await foreach (var blob in Store.ListBlobsAsync(CancellationToken.None))
        {
            blobs.Add(blob);
        }

        return blobs;
    }
}
