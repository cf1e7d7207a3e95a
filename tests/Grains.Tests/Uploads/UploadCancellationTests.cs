using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Grains.Tests.Uploads;

/// <summary>
/// An upload belongs to the repository it was started in; asked about from anywhere else, or after it was
/// cancelled, it does not exist (BLOB_UPLOAD_UNKNOWN).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class UploadCancellationTests(ClusterFixture fixture)
{
    private readonly RegistryCluster _cluster = fixture.Cluster;
    private readonly UploadWriter _writer = new(fixture.Cluster.Grains, fixture.Cluster.Store);
    private readonly RepositoryName _repository = Names.Repository("cancel");

    [Fact]
    public async Task Cancel_then_every_call_answers_blob_upload_unknown()
    {
        var uploadId = await _writer.StartAsync(_repository);
        await _writer.WriteChunkAsync(uploadId, _repository, TestContent.RandomBytes(10));

        await _writer.Session(uploadId).CancelAsync(_repository);

        var session = _writer.Session(uploadId);
        await GrainAssert.RefusedAsync(RegistryErrorCode.BlobUploadUnknown, () => session.GetStatusAsync(_repository));
        await GrainAssert.RefusedAsync(RegistryErrorCode.BlobUploadUnknown, () => session.AcquireWriteAsync(_repository, null, Guid.NewGuid(), _writer.Writer));
        await GrainAssert.RefusedAsync(RegistryErrorCode.BlobUploadUnknown, () => session.SealAsync(_repository, Digest.ComputeSha256([])));
        await GrainAssert.RefusedAsync(RegistryErrorCode.BlobUploadUnknown, () => session.CancelAsync(_repository));
    }

    [Fact]
    public async Task Cancel_deletes_the_staged_bytes()
    {
        var uploadId = await _writer.StartAsync(_repository);
        await _writer.WriteChunkAsync(uploadId, _repository, TestContent.RandomBytes(10));

        await _writer.Session(uploadId).CancelAsync(_repository);

        await foreach (var upload in _cluster.Store.ListUploadsAsync(CancellationToken.None))
        {
            Assert.NotEqual(uploadId.ToString(), upload.UploadId);
        }
    }

    [Fact]
    public async Task Cancel_while_a_chunk_is_being_written_voids_its_lease()
    {
        var uploadId = await _writer.StartAsync(_repository);
        var lease = await _writer.Session(uploadId).AcquireWriteAsync(_repository, null, Guid.NewGuid(), _writer.Writer);
        var chunk = new ChunkWritten(1, lease.StorageToken, new byte[Core.Digests.ResumableSha256.StateSize]);

        await _writer.Session(uploadId).CancelAsync(_repository);

        await GrainAssert.RefusedAsync(RegistryErrorCode.BlobUploadInvalid, () => _writer.Session(uploadId).CommitWriteAsync(lease.LeaseId, chunk));
        await GrainAssert.RefusedAsync(RegistryErrorCode.BlobUploadUnknown, () => _writer.Session(uploadId).GetStatusAsync(_repository));
    }

    [Fact]
    public async Task Calls_naming_another_repository_answer_blob_upload_unknown()
    {
        // Upload ids are not secrets that grant access to any repository: the URL's repository must match.
        var uploadId = await _writer.StartAsync(_repository);
        var other = Names.Repository("other");
        var session = _writer.Session(uploadId);

        await GrainAssert.RefusedAsync(RegistryErrorCode.BlobUploadUnknown, () => session.GetStatusAsync(other));
        await GrainAssert.RefusedAsync(RegistryErrorCode.BlobUploadUnknown, () => session.AcquireWriteAsync(other, null, Guid.NewGuid(), _writer.Writer));
        await GrainAssert.RefusedAsync(RegistryErrorCode.BlobUploadUnknown, () => session.SealAsync(other, Digest.ComputeSha256([])));
        await GrainAssert.RefusedAsync(RegistryErrorCode.BlobUploadUnknown, () => session.CancelAsync(other));

        // None of those touched the upload in its own repository.
        Assert.Equal(new UploadStatus(uploadId, _repository, 0), await session.GetStatusAsync(_repository));
        Assert.Null(await _cluster.Grains.Repository(other).GetBlobAsync(Digest.ComputeSha256([])));
    }

    [Fact]
    public async Task An_upload_id_never_started_answers_blob_upload_unknown()
    {
        var session = _writer.Session(Names.UploadId());

        await GrainAssert.RefusedAsync(RegistryErrorCode.BlobUploadUnknown, () => session.GetStatusAsync(_repository));
        await GrainAssert.RefusedAsync(RegistryErrorCode.BlobUploadUnknown, () => session.SealAsync(_repository, Digest.ComputeSha256([])));
    }
}
