using System.Net;
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
    public async Task AcquireWrite_WithAnExpectedOffsetOtherThanTheAccepted_ThrowsRangeInvalid(long expectedOffset)
    {
        var uploadId = await _writer.StartAsync(_repository);
        await _writer.WriteChunkAsync(uploadId, _repository, TestContent.RandomBytes(10));

        var refusal = await GrainAssert.RefusedAsync(
            RegistryErrorCode.RangeInvalid,
            () => _writer.Session(uploadId).AcquireWriteAsync(_repository, expectedOffset, Guid.NewGuid()));

        Assert.Equal((int)HttpStatusCode.RequestedRangeNotSatisfiable, refusal.Status);
    }

    [Fact]
    public async Task AcquireWrite_AtTheAcceptedOffset_HandsOutWhatTheWriterNeedsToContinue()
    {
        var uploadId = await _writer.StartAsync(_repository);
        await _writer.WriteChunkAsync(uploadId, _repository, TestContent.RandomBytes(10));
        var leaseId = Guid.NewGuid();

        var lease = await _writer.Session(uploadId).AcquireWriteAsync(_repository, 10, leaseId);

        Assert.Equal(leaseId, lease.LeaseId);
        Assert.Equal(10, lease.Offset);
        Assert.Equal(uploadId.ToString(), lease.StorageToken);
        Assert.Equal(Core.Digests.ResumableSha256.StateSize, lease.HashState.Length);
        // Renew well before the lease lapses: a third of the configured hour.
        Assert.Equal(TimeSpan.FromMinutes(20), lease.RenewWithin);
    }

    [Fact]
    public async Task AcquireWrite_OfANewUpload_HasAnEmptyHashState()
    {
        var uploadId = await _writer.StartAsync(_repository);

        var lease = await _writer.Session(uploadId).AcquireWriteAsync(_repository, 0, Guid.NewGuid());

        Assert.Equal(0, lease.Offset);
        Assert.Empty(lease.HashState);
    }

    [Fact]
    public async Task AcquireWrite_WhileAnotherLeaseIsActive_ThrowsBlobUploadInvalid()
    {
        var uploadId = await _writer.StartAsync(_repository);
        await _writer.Session(uploadId).AcquireWriteAsync(_repository, null, Guid.NewGuid());

        await GrainAssert.RefusedAsync(
            RegistryErrorCode.BlobUploadInvalid, () => _writer.Session(uploadId).AcquireWriteAsync(_repository, null, Guid.NewGuid()));
    }

    [Fact]
    public async Task AcquireWrite_RetriedWithTheSameLeaseId_AnswersTheSameLease()
    {
        // The writer names its lease, so a retry after a lost reply is not mistaken for a second writer.
        var uploadId = await _writer.StartAsync(_repository);
        var leaseId = Guid.NewGuid();
        var first = await _writer.Session(uploadId).AcquireWriteAsync(_repository, 0, leaseId);

        var retried = await _writer.Session(uploadId).AcquireWriteAsync(_repository, 0, leaseId);

        Assert.Equal(first.LeaseId, retried.LeaseId);
        Assert.Equal(first.Offset, retried.Offset);
    }

    [Fact]
    public async Task AcquireWrite_AfterTheLeaseWasReleased_Succeeds()
    {
        var uploadId = await _writer.StartAsync(_repository);
        var first = await _writer.Session(uploadId).AcquireWriteAsync(_repository, null, Guid.NewGuid());
        await _writer.Session(uploadId).ReleaseWriteAsync(first.LeaseId);

        var second = await _writer.Session(uploadId).AcquireWriteAsync(_repository, null, Guid.NewGuid());

        Assert.NotEqual(first.LeaseId, second.LeaseId);
    }

    [Fact]
    public async Task CommitWrite_WithAReleasedLease_IsRejectedAndCountsNothing()
    {
        var uploadId = await _writer.StartAsync(_repository);
        var lease = await _writer.Session(uploadId).AcquireWriteAsync(_repository, null, Guid.NewGuid());
        var written = await _writer.WriteUnderLeaseAsync(lease, TestContent.RandomBytes(10));
        await _writer.Session(uploadId).ReleaseWriteAsync(lease.LeaseId);

        await GrainAssert.RefusedAsync(
            RegistryErrorCode.BlobUploadInvalid, () => _writer.Session(uploadId).CommitWriteAsync(lease.LeaseId, written));

        Assert.Equal(0, (await _writer.Session(uploadId).GetStatusAsync(_repository)).Offset);
    }

    [Fact]
    public async Task CommitWrite_WithALeaseSupersededByAnother_IsRejected()
    {
        // A writer that stalled past its lease must not count its chunk over the next writer's.
        var uploadId = await _writer.StartAsync(_repository);
        var stale = await _writer.Session(uploadId).AcquireWriteAsync(_repository, null, Guid.NewGuid());
        var staleChunk = await _writer.WriteUnderLeaseAsync(stale, TestContent.RandomBytes(10));
        await _writer.Session(uploadId).ReleaseWriteAsync(stale.LeaseId);
        var current = await _writer.Session(uploadId).AcquireWriteAsync(_repository, null, Guid.NewGuid());

        await GrainAssert.RefusedAsync(
            RegistryErrorCode.BlobUploadInvalid, () => _writer.Session(uploadId).CommitWriteAsync(stale.LeaseId, staleChunk));

        var currentChunk = await _writer.WriteUnderLeaseAsync(current, TestContent.RandomBytes(4));
        Assert.Equal(4, (await _writer.Session(uploadId).CommitWriteAsync(current.LeaseId, currentChunk)).Offset);
    }

    [Fact]
    public async Task CommitWrite_WithALeaseNeverGranted_IsRejected()
    {
        var uploadId = await _writer.StartAsync(_repository);
        var chunk = new ChunkWritten(10, uploadId.ToString(), new byte[Core.Digests.ResumableSha256.StateSize]);

        await GrainAssert.RefusedAsync(
            RegistryErrorCode.BlobUploadInvalid, () => _writer.Session(uploadId).CommitWriteAsync(Guid.NewGuid(), chunk));
    }

    [Fact]
    public async Task CommitWrite_RetriedWithTheSameLease_CountsTheChunkOnce()
    {
        var uploadId = await _writer.StartAsync(_repository);
        var lease = await _writer.Session(uploadId).AcquireWriteAsync(_repository, null, Guid.NewGuid());
        var chunk = await _writer.WriteUnderLeaseAsync(lease, TestContent.RandomBytes(10));
        await _writer.Session(uploadId).CommitWriteAsync(lease.LeaseId, chunk);

        var retried = await _writer.Session(uploadId).CommitWriteAsync(lease.LeaseId, chunk);

        Assert.Equal(10, retried.Offset);
        Assert.Equal(10, (await _writer.Session(uploadId).GetStatusAsync(_repository)).Offset);
    }

    [Fact]
    public async Task CommitWrite_EndsTheLease()
    {
        var uploadId = await _writer.StartAsync(_repository);
        await _writer.WriteChunkAsync(uploadId, _repository, TestContent.RandomBytes(3));

        // Nobody holds a lease now, so the next writer gets one at once.
        var next = await _writer.Session(uploadId).AcquireWriteAsync(_repository, 3, Guid.NewGuid());

        Assert.Equal(3, next.Offset);
    }

    [Fact]
    public async Task RenewWrite_OfAnotherLease_IsRejected()
    {
        var uploadId = await _writer.StartAsync(_repository);
        await _writer.Session(uploadId).AcquireWriteAsync(_repository, null, Guid.NewGuid());

        await GrainAssert.RefusedAsync(RegistryErrorCode.BlobUploadInvalid, () => _writer.Session(uploadId).RenewWriteAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task RenewWrite_OfTheHeldLease_KeepsItUsable()
    {
        var uploadId = await _writer.StartAsync(_repository);
        var lease = await _writer.Session(uploadId).AcquireWriteAsync(_repository, null, Guid.NewGuid());
        var chunk = await _writer.WriteUnderLeaseAsync(lease, TestContent.RandomBytes(8));

        await _writer.Session(uploadId).RenewWriteAsync(lease.LeaseId);

        Assert.Equal(8, (await _writer.Session(uploadId).CommitWriteAsync(lease.LeaseId, chunk)).Offset);
    }

    [Fact]
    public async Task Complete_WhileAChunkIsBeingWritten_ThrowsBlobUploadInvalid()
    {
        var uploadId = await _writer.StartAsync(_repository);
        await _writer.Session(uploadId).AcquireWriteAsync(_repository, null, Guid.NewGuid());

        await GrainAssert.RefusedAsync(
            RegistryErrorCode.BlobUploadInvalid,
            () => _writer.CompleteAsync(uploadId, _repository, Digest.ComputeSha256([])));
    }
}
