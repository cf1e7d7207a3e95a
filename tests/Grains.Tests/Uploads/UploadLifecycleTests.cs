using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Grains.Tests.Uploads;

/// <summary>
/// An upload from start to completion: bytes staged by the writer, counted only when committed with their hash
/// state, and made visible in the repository only once the digest of everything accepted matches.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class UploadLifecycleTests(ClusterFixture fixture)
{
    private readonly RegistryCluster _cluster = fixture.Cluster;
    private readonly UploadWriter _writer = new(fixture.Cluster.Grains, fixture.Cluster.Store);
    private readonly RepositoryName _repository = Names.Repository("uploads");

    [Fact]
    public async Task Start_then_get_status_reports_the_upload_at_offset_zero()
    {
        var uploadId = Names.UploadId();

        var started = await _writer.StartAsync(uploadId, _repository);
        var status = await _writer.Session(uploadId).GetStatusAsync(_repository);

        Assert.Equal(new UploadStatus(uploadId, _repository, 0), started);
        Assert.Equal(started, status);
    }

    [Fact]
    public async Task Start_stages_an_empty_upload_in_storage()
    {
        var uploadId = await _writer.StartAsync(_repository);

        var staged = await StagedUploadIdsAsync();

        Assert.Contains(uploadId, staged);
    }

    [Fact]
    public async Task Complete_with_the_digest_of_the_bytes_links_the_blob_in_the_repository()
    {
        var content = TestContent.RandomBytes(5000);
        var digest = Digest.ComputeSha256(content);
        var uploadId = await _writer.StartAsync(_repository);
        await _writer.WriteChunkAsync(uploadId, _repository, content);

        var link = await _writer.CompleteAsync(uploadId, _repository, digest);

        Assert.Equal(new BlobLink(digest, content.Length), link);
        Assert.Equal(content.Length, await _cluster.Grains.Repository(_repository).GetBlobAsync(digest));
        Assert.Equal(content.Length, await _cluster.Grains.Blob(digest).GetSizeAsync());
        Assert.Contains(_repository, await _cluster.Grains.Blob(digest).GetLinksAsync());
        Assert.Equal(content, await ReadBlobAsync(digest));
    }

    [Fact]
    public async Task Chunks_each_hashed_from_the_leases_state_complete_to_the_digest_of_all_bytes()
    {
        // Each chunk may be written by another gateway: the only hash it has is the state the lease hands out.
        var content = TestContent.RandomBytes(3 * 1000 + 17);
        var uploadId = await _writer.StartAsync(_repository);

        var offsets = new List<long>();
        foreach (var chunk in content.Chunk(1000))
        {
            offsets.Add((await _writer.WriteChunkAsync(uploadId, _repository, chunk)).Offset);
        }

        Assert.Equal([1000L, 2000L, 3000L, 3017L], offsets);
        var link = await _writer.CompleteAsync(uploadId, _repository, Digest.ComputeSha256(content));
        Assert.Equal(content.Length, link.Size);
        Assert.Equal(content, await ReadBlobAsync(link.Digest));
    }

    [Fact]
    public async Task Complete_without_any_chunk_links_the_empty_blob()
    {
        // A monolithic PUT of an empty blob: no chunk, an empty hash state, and the digest of no bytes.
        var uploadId = await _writer.StartAsync(_repository);
        var empty = Digest.ComputeSha256([]);

        var link = await _writer.CompleteAsync(uploadId, _repository, empty);

        Assert.Equal(new BlobLink(empty, 0), link);
        Assert.Equal(0, await _cluster.Grains.Repository(_repository).GetBlobAsync(empty));
    }

    [Fact]
    public async Task Complete_ends_the_upload_and_removes_its_staged_bytes()
    {
        var content = TestContent.RandomBytes(10);
        var uploadId = await _writer.StartAsync(_repository);
        await _writer.WriteChunkAsync(uploadId, _repository, content);

        await _writer.CompleteAsync(uploadId, _repository, Digest.ComputeSha256(content));

        await GrainAssert.RefusedAsync(RegistryErrorCode.BlobUploadUnknown, () => _writer.Session(uploadId).GetStatusAsync(_repository));
        Assert.DoesNotContain(uploadId, await StagedUploadIdsAsync());
    }

    [Fact]
    public async Task Seal_and_complete_retried_answer_as_the_first_did()
    {
        // A gateway whose reply was lost retries each step; none may fail because the first went through.
        var content = TestContent.RandomBytes(10);
        var digest = Digest.ComputeSha256(content);
        var uploadId = await _writer.StartAsync(_repository);
        await _writer.WriteChunkAsync(uploadId, _repository, content);
        var session = _writer.Session(uploadId);

        var first = await session.SealAsync(_repository, digest);
        var retried = await session.SealAsync(_repository, digest);
        await session.CompleteAsync(digest);
        await session.CompleteAsync(digest);

        Assert.Equal(first, retried);
        Assert.Equal(content.Length, first.Size);
    }

    [Fact]
    public async Task A_sealed_upload_takes_no_more_chunks_and_cannot_be_cancelled()
    {
        var content = TestContent.RandomBytes(10);
        var uploadId = await _writer.StartAsync(_repository);
        await _writer.WriteChunkAsync(uploadId, _repository, content);
        await _writer.Session(uploadId).SealAsync(_repository, Digest.ComputeSha256(content));

        await GrainAssert.RefusedAsync(RegistryErrorCode.BlobUploadInvalid, () => _writer.WriteChunkAsync(uploadId, _repository, TestContent.RandomBytes(5)));
        await GrainAssert.RefusedAsync(RegistryErrorCode.BlobUploadInvalid, () => _writer.Session(uploadId).CancelAsync(_repository));
        Assert.Equal(content.Length, (await _writer.Session(uploadId).GetStatusAsync(_repository)).Offset);
    }

    [Fact]
    public async Task A_sealed_upload_refuses_to_be_completed_as_another_digest()
    {
        var content = TestContent.RandomBytes(10);
        var uploadId = await _writer.StartAsync(_repository);
        await _writer.WriteChunkAsync(uploadId, _repository, content);
        await _writer.Session(uploadId).SealAsync(_repository, Digest.ComputeSha256(content));

        await GrainAssert.RefusedAsync(
            RegistryErrorCode.DigestInvalid, () => _writer.Session(uploadId).SealAsync(_repository, Digest.Compute(Digest.Sha512, content)));
        await GrainAssert.RefusedAsync(
            RegistryErrorCode.BlobUploadInvalid, () => _writer.Session(uploadId).CompleteAsync(Digest.Compute(Digest.Sha512, content)));
    }

    [Fact]
    public async Task Start_retried_answers_the_same_upload_without_resetting_it()
    {
        var uploadId = await _writer.StartAsync(_repository);
        await _writer.WriteChunkAsync(uploadId, _repository, TestContent.RandomBytes(7));

        var retried = await _writer.StartAsync(uploadId, _repository);

        Assert.Equal(new UploadStatus(uploadId, _repository, 7), retried);
    }

    [Fact]
    public async Task Start_of_an_existing_upload_for_another_repository_is_refused()
    {
        var uploadId = await _writer.StartAsync(_repository);

        await GrainAssert.RefusedAsync(
            RegistryErrorCode.BlobUploadUnknown, () => _writer.StartAsync(uploadId, Names.Repository("other")));
    }

    [Fact]
    public async Task Same_blob_uploaded_to_two_repositories_is_linked_in_both()
    {
        var content = TestContent.RandomBytes(100);
        var other = Names.Repository("other");

        var first = await _writer.PushBlobAsync(_repository, content);
        var second = await _writer.PushBlobAsync(other, content);

        Assert.Equal(first, second);
        var links = await _cluster.Grains.Blob(first.Digest).GetLinksAsync();
        Assert.Contains(_repository, links);
        Assert.Contains(other, links);
    }

    private async Task<List<UploadId>> StagedUploadIdsAsync()
    {
        var ids = new List<UploadId>();
        await foreach (var upload in _cluster.Store.ListUploadsAsync(CancellationToken.None))
        {
            ids.Add(UploadId.Parse(upload.UploadId));
        }

        return ids;
    }

    private async Task<byte[]> ReadBlobAsync(Digest digest)
    {
        await using var stream = await _cluster.Store.OpenBlobAsync(digest, 0, null, CancellationToken.None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
