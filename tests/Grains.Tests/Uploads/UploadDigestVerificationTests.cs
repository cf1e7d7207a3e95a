using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Grains.Tests.Uploads;

/// <summary>
/// Completion verifies the digest the client claims against the bytes accepted: sha256 from the hash state the
/// chunks committed, sha512 by reading the staged bytes once more. A mismatch links nothing.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class UploadDigestVerificationTests(ClusterFixture fixture)
{
    private readonly RegistryCluster _cluster = fixture.Cluster;
    private readonly UploadWriter _writer = new(fixture.Cluster.Grains, fixture.Cluster.Store);
    private readonly RepositoryName _repository = Names.Repository("digests");

    [Fact]
    public async Task Complete_with_another_digest_throws_digest_invalid_and_links_nothing()
    {
        var content = TestContent.RandomBytes(300);
        var claimed = Digest.ComputeSha256(TestContent.RandomBytes(300));
        var uploadId = await _writer.StartAsync(_repository);
        await _writer.WriteChunkAsync(uploadId, _repository, content);

        var refusal = await GrainAssert.RefusedAsync(
            RegistryErrorCode.DigestInvalid, () => _writer.CompleteAsync(uploadId, _repository, claimed));

        Assert.Contains(Digest.ComputeSha256(content).ToString(), refusal.Detail);
        var repository = _cluster.Grains.Repository(_repository);
        Assert.Null(await repository.GetBlobAsync(claimed));
        Assert.Null(await repository.GetBlobAsync(Digest.ComputeSha256(content)));
        Assert.Null(await _cluster.Store.GetBlobSizeAsync(claimed, CancellationToken.None));
        Assert.Null(await _cluster.Store.GetBlobSizeAsync(Digest.ComputeSha256(content), CancellationToken.None));
    }

    [Fact]
    public async Task Complete_after_a_wrong_digest_keeps_the_upload_for_the_right_one()
    {
        var content = TestContent.RandomBytes(300);
        var uploadId = await _writer.StartAsync(_repository);
        await _writer.WriteChunkAsync(uploadId, _repository, content);
        await GrainAssert.RefusedAsync(
            RegistryErrorCode.DigestInvalid, () => _writer.CompleteAsync(uploadId, _repository, Digest.ComputeSha256([1, 2, 3])));

        Assert.Equal(300, (await _writer.Session(uploadId).GetStatusAsync(_repository)).Offset);
        var link = await _writer.CompleteAsync(uploadId, _repository, Digest.ComputeSha256(content));
        Assert.Equal(300, link.Size);
    }

    [Fact]
    public async Task Complete_with_a_sha_512_digest_rehashes_the_staged_bytes()
    {
        var content = TestContent.RandomBytes(70_000);
        var sha512 = Digest.Compute(Digest.Sha512, content);
        var uploadId = await _writer.StartAsync(_repository);
        foreach (var chunk in content.Chunk(30_000))
        {
            await _writer.WriteChunkAsync(uploadId, _repository, chunk);
        }

        var link = await _writer.CompleteAsync(uploadId, _repository, sha512);

        Assert.Equal(new BlobLink(sha512, content.Length), link);
        Assert.Equal(content.Length, await _cluster.Grains.Repository(_repository).GetBlobAsync(sha512));
        Assert.Equal(content.Length, await _cluster.Store.GetBlobSizeAsync(sha512, CancellationToken.None));
    }

    [Fact]
    public async Task Complete_with_a_wrong_sha_512_digest_throws_digest_invalid()
    {
        var content = TestContent.RandomBytes(100);
        var uploadId = await _writer.StartAsync(_repository);
        await _writer.WriteChunkAsync(uploadId, _repository, content);

        await GrainAssert.RefusedAsync(
            RegistryErrorCode.DigestInvalid, () => _writer.CompleteAsync(uploadId, _repository, Digest.Compute(Digest.Sha512, TestContent.RandomBytes(100))));
        Assert.Null(await _cluster.Grains.Repository(_repository).GetBlobAsync(Digest.Compute(Digest.Sha512, content)));
    }

    [Fact]
    public async Task Complete_with_a_sha_512_digest_hashes_only_the_accepted_bytes()
    {
        // A writer that died after writing but before committing leaves staged bytes that were never accepted.
        var accepted = TestContent.RandomBytes(50);
        var uploadId = await _writer.StartAsync(_repository);
        await _writer.WriteChunkAsync(uploadId, _repository, accepted);
        var lease = await _writer.Session(uploadId).AcquireWriteAsync(_repository, null, Guid.NewGuid(), _writer.Writer);
        await _writer.WriteUnderLeaseAsync(lease, TestContent.RandomBytes(25));
        await _writer.Session(uploadId).ReleaseWriteAsync(lease.LeaseId);

        var link = await _writer.CompleteAsync(uploadId, _repository, Digest.Compute(Digest.Sha512, accepted));

        Assert.Equal(50, link.Size);
        Assert.Equal(50, await _cluster.Store.GetBlobSizeAsync(link.Digest, CancellationToken.None));
    }

    [Fact]
    public async Task Complete_with_a_sha_256_digest_commits_only_the_accepted_bytes()
    {
        var accepted = TestContent.RandomBytes(50);
        var uploadId = await _writer.StartAsync(_repository);
        await _writer.WriteChunkAsync(uploadId, _repository, accepted);
        var lease = await _writer.Session(uploadId).AcquireWriteAsync(_repository, null, Guid.NewGuid(), _writer.Writer);
        await _writer.WriteUnderLeaseAsync(lease, TestContent.RandomBytes(25));
        await _writer.Session(uploadId).ReleaseWriteAsync(lease.LeaseId);

        var link = await _writer.CompleteAsync(uploadId, _repository, Digest.ComputeSha256(accepted));

        Assert.Equal(50, await _cluster.Store.GetBlobSizeAsync(link.Digest, CancellationToken.None));
    }
}
