using System.Net;
using OrleansRegistry.Application.Uploads;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Grains.Tests.Uploads;

/// <summary>
/// One writer at a time: a chunk is written under a lease, and only the lease's own commit counts it. A chunk that
/// claims another start than the accepted offset is out of order (416 RANGE_INVALID).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class WriteLeaseTests(ClusterFixture fixture)
{
    private readonly UploadWriter _writer = new(fixture.Cluster.Grains, fixture.Cluster.Store);
    private readonly RepositoryName _repository = Names.Repository("leases");

    [Theory]
    [InlineData(0L)]
    [InlineData(9L)]
    [InlineData(11L)]
    public async Task Acquire_write_with_an_expected_offset_other_than_the_accepted_throws_range_invalid(long expectedOffset)
    {
        var uploadId = await _writer.StartAsync(_repository);
        await _writer.WriteChunkAsync(uploadId, _repository, TestContent.RandomBytes(10));

        var refusal = await GrainAssert.RefusedAsync(
            RegistryErrorCode.RangeInvalid,
            () => _writer.Session(uploadId).AcquireWriteAsync(_repository, expectedOffset, Guid.NewGuid(), _writer.Writer));

        Assert.Equal((int)HttpStatusCode.RequestedRangeNotSatisfiable, refusal.Status);
    }

    [Fact]
    public async Task Acquire_write_at_the_accepted_offset_hands_out_what_the_writer_needs_to_continue()
    {
        var uploadId = await _writer.StartAsync(_repository);
        await _writer.WriteChunkAsync(uploadId, _repository, TestContent.RandomBytes(10));
        var leaseId = Guid.NewGuid();

        var lease = await _writer.Session(uploadId).AcquireWriteAsync(_repository, 10, leaseId, _writer.Writer);

        Assert.Equal(leaseId, lease.LeaseId);
        Assert.Equal(10, lease.Offset);
        Assert.Equal(uploadId.ToString(), lease.StorageToken);
        Assert.Equal(Core.Digests.ResumableSha256.StateSize, lease.HashState.Length);
        // Renew well before the lease lapses: a third of the configured hour.
        Assert.Equal(TimeSpan.FromMinutes(20), lease.RenewWithin);
    }

    [Fact]
    public async Task Acquire_write_of_a_new_upload_has_an_empty_hash_state()
    {
        var uploadId = await _writer.StartAsync(_repository);

        var lease = await _writer.Session(uploadId).AcquireWriteAsync(_repository, 0, Guid.NewGuid(), _writer.Writer);

        Assert.Equal(0, lease.Offset);
        Assert.Empty(lease.HashState);
    }

    [Fact]
    public async Task Acquire_write_while_another_lease_is_active_throws_blob_upload_invalid()
    {
        var uploadId = await _writer.StartAsync(_repository);
        await _writer.Session(uploadId).AcquireWriteAsync(_repository, null, Guid.NewGuid(), _writer.Writer);

        await GrainAssert.RefusedAsync(
            RegistryErrorCode.BlobUploadInvalid, () => _writer.Session(uploadId).AcquireWriteAsync(_repository, null, Guid.NewGuid(), _writer.Writer));
    }

    [Fact]
    public async Task Acquire_write_while_the_writer_still_writes_is_refused_after_the_session_asked_it()
    {
        var uploadId = await _writer.StartAsync(_repository);
        await _writer.Session(uploadId).AcquireWriteAsync(_repository, null, Guid.NewGuid(), _writer.Writer);

        // Long enough for the session to have asked the writer (once a second) whether it still writes.
        await Task.Delay(TimeSpan.FromSeconds(3));

        await GrainAssert.RefusedAsync(
            RegistryErrorCode.BlobUploadInvalid, () => _writer.Session(uploadId).AcquireWriteAsync(_repository, null, Guid.NewGuid(), _writer.Writer));
    }

    [Fact]
    public async Task Acquire_write_after_the_writer_says_it_no_longer_writes_succeeds_long_before_the_lease_lapses()
    {
        // A gateway that gave up its chunk but could not tell the session: it answers that it does not write under
        // the lease, and the session frees the upload although the lease (an hour here) still runs.
        var uploadId = await _writer.StartAsync(_repository);
        var notWriting = new ActiveChunkWrites(fixture.Cluster.Grains);
        var abandoned = await _writer.Session(uploadId).AcquireWriteAsync(_repository, null, Guid.NewGuid(), notWriting.Writer);
        await _writer.WriteUnderLeaseAsync(abandoned, TestContent.RandomBytes(10));

        var next = await AcquireOnceFreedAsync(uploadId, TimeSpan.FromMinutes(1));

        Assert.Equal(0, next.Offset);
        await GrainAssert.RefusedAsync(
            RegistryErrorCode.BlobUploadInvalid, () => _writer.Session(uploadId).RenewWriteAsync(abandoned.LeaseId));
        // Orleans holds a client object weakly: once collected, the session's questions go unanswered, which is a
        // writer that does not answer, not one that says it stopped. A gateway's writer is a singleton.
        GC.KeepAlive(notWriting);
    }

    [Fact]
    public async Task Acquire_write_retried_with_the_same_lease_id_answers_the_same_lease()
    {
        // The writer names its lease, so a retry after a lost reply is not mistaken for a second writer.
        var uploadId = await _writer.StartAsync(_repository);
        var leaseId = Guid.NewGuid();
        var first = await _writer.Session(uploadId).AcquireWriteAsync(_repository, 0, leaseId, _writer.Writer);

        var retried = await _writer.Session(uploadId).AcquireWriteAsync(_repository, 0, leaseId, _writer.Writer);

        Assert.Equal(first.LeaseId, retried.LeaseId);
        Assert.Equal(first.Offset, retried.Offset);
    }

    [Fact]
    public async Task Acquire_write_after_the_lease_was_released_succeeds()
    {
        var uploadId = await _writer.StartAsync(_repository);
        var first = await _writer.Session(uploadId).AcquireWriteAsync(_repository, null, Guid.NewGuid(), _writer.Writer);
        await _writer.Session(uploadId).ReleaseWriteAsync(first.LeaseId);

        var second = await _writer.Session(uploadId).AcquireWriteAsync(_repository, null, Guid.NewGuid(), _writer.Writer);

        Assert.NotEqual(first.LeaseId, second.LeaseId);
    }

    [Fact]
    public async Task Commit_write_with_a_released_lease_is_rejected_and_counts_nothing()
    {
        var uploadId = await _writer.StartAsync(_repository);
        var lease = await _writer.Session(uploadId).AcquireWriteAsync(_repository, null, Guid.NewGuid(), _writer.Writer);
        var written = await _writer.WriteUnderLeaseAsync(lease, TestContent.RandomBytes(10));
        await _writer.Session(uploadId).ReleaseWriteAsync(lease.LeaseId);

        await GrainAssert.RefusedAsync(
            RegistryErrorCode.BlobUploadInvalid, () => _writer.Session(uploadId).CommitWriteAsync(lease.LeaseId, written));

        Assert.Equal(0, (await _writer.Session(uploadId).GetStatusAsync(_repository)).Offset);
    }

    [Fact]
    public async Task Commit_write_with_a_lease_superseded_by_another_is_rejected()
    {
        // A writer that stalled past its lease must not count its chunk over the next writer's.
        var uploadId = await _writer.StartAsync(_repository);
        var stale = await _writer.Session(uploadId).AcquireWriteAsync(_repository, null, Guid.NewGuid(), _writer.Writer);
        var staleChunk = await _writer.WriteUnderLeaseAsync(stale, TestContent.RandomBytes(10));
        await _writer.Session(uploadId).ReleaseWriteAsync(stale.LeaseId);
        var current = await _writer.Session(uploadId).AcquireWriteAsync(_repository, null, Guid.NewGuid(), _writer.Writer);

        await GrainAssert.RefusedAsync(
            RegistryErrorCode.BlobUploadInvalid, () => _writer.Session(uploadId).CommitWriteAsync(stale.LeaseId, staleChunk));

        var currentChunk = await _writer.WriteUnderLeaseAsync(current, TestContent.RandomBytes(4));
        Assert.Equal(4, (await _writer.Session(uploadId).CommitWriteAsync(current.LeaseId, currentChunk)).Offset);
    }

    [Fact]
    public async Task Commit_write_with_a_lease_never_granted_is_rejected()
    {
        var uploadId = await _writer.StartAsync(_repository);
        var chunk = new ChunkWritten(10, uploadId.ToString(), new byte[Core.Digests.ResumableSha256.StateSize]);

        await GrainAssert.RefusedAsync(
            RegistryErrorCode.BlobUploadInvalid, () => _writer.Session(uploadId).CommitWriteAsync(Guid.NewGuid(), chunk));
    }

    [Fact]
    public async Task Commit_write_retried_with_the_same_lease_counts_the_chunk_once()
    {
        var uploadId = await _writer.StartAsync(_repository);
        var lease = await _writer.Session(uploadId).AcquireWriteAsync(_repository, null, Guid.NewGuid(), _writer.Writer);
        var chunk = await _writer.WriteUnderLeaseAsync(lease, TestContent.RandomBytes(10));
        await _writer.Session(uploadId).CommitWriteAsync(lease.LeaseId, chunk);

        var retried = await _writer.Session(uploadId).CommitWriteAsync(lease.LeaseId, chunk);

        Assert.Equal(10, retried.Offset);
        Assert.Equal(10, (await _writer.Session(uploadId).GetStatusAsync(_repository)).Offset);
    }

    [Fact]
    public async Task Commit_write_ends_the_lease()
    {
        var uploadId = await _writer.StartAsync(_repository);
        await _writer.WriteChunkAsync(uploadId, _repository, TestContent.RandomBytes(3));

        // Nobody holds a lease now, so the next writer gets one at once.
        var next = await _writer.Session(uploadId).AcquireWriteAsync(_repository, 3, Guid.NewGuid(), _writer.Writer);

        Assert.Equal(3, next.Offset);
    }

    [Fact]
    public async Task Renew_write_of_another_lease_is_rejected()
    {
        var uploadId = await _writer.StartAsync(_repository);
        await _writer.Session(uploadId).AcquireWriteAsync(_repository, null, Guid.NewGuid(), _writer.Writer);

        await GrainAssert.RefusedAsync(RegistryErrorCode.BlobUploadInvalid, () => _writer.Session(uploadId).RenewWriteAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task Renew_write_of_the_held_lease_keeps_it_usable()
    {
        var uploadId = await _writer.StartAsync(_repository);
        var lease = await _writer.Session(uploadId).AcquireWriteAsync(_repository, null, Guid.NewGuid(), _writer.Writer);
        var chunk = await _writer.WriteUnderLeaseAsync(lease, TestContent.RandomBytes(8));

        await _writer.Session(uploadId).RenewWriteAsync(lease.LeaseId);

        Assert.Equal(8, (await _writer.Session(uploadId).CommitWriteAsync(lease.LeaseId, chunk)).Offset);
    }

    [Fact]
    public async Task Complete_while_a_chunk_is_being_written_throws_blob_upload_invalid()
    {
        var uploadId = await _writer.StartAsync(_repository);
        await _writer.Session(uploadId).AcquireWriteAsync(_repository, null, Guid.NewGuid(), _writer.Writer);

        await GrainAssert.RefusedAsync(
            RegistryErrorCode.BlobUploadInvalid,
            () => _writer.CompleteAsync(uploadId, _repository, Digest.ComputeSha256([])));
    }

    /// <summary>Takes a lease as the next writer would, retrying while the upload is busy.</summary>
    private async Task<WriteLease> AcquireOnceFreedAsync(UploadId uploadId, TimeSpan patience)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await _writer.Session(uploadId).AcquireWriteAsync(_repository, null, Guid.NewGuid(), _writer.Writer);
            }
            catch (RegistryGrainException e) when (e.Error == RegistryErrorCode.BlobUploadInvalid && clock.Elapsed < patience)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
    }
}
