using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using OrleansRegistry.Application.Observability;
using OrleansRegistry.Application.Uploads;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Application.Tests.Uploads;

/// <summary>
/// A blob becomes visible in one order: the upload is sealed once its digest verifies, storage commits the bytes to
/// their content address, the repository links the blob, and only then is the upload forgotten. A step that fails
/// leaves every later step undone, so nothing points at bytes that are not there and a retry can finish the work.
/// </summary>
public sealed class UploadCompletionOrderTests
{
    private static readonly Digest Blob = Digest.ComputeSha256([1, 2, 3]);

    private readonly Substitutes _ = new();
    private readonly UploadService _uploads;

    public UploadCompletionOrderTests()
    {
        var metrics = new RegistryMetrics();
        _uploads = new UploadService(
            _.Grains, _.Store, _.Commits, new ChunkWriter(_.Grains, _.Store, new ActiveChunkWrites(_.Grains), metrics, NullLogger<ChunkWriter>.Instance), metrics, NullLogger<UploadService>.Instance);
    }

    [Fact]
    public async Task A_completion_seals_commits_links_and_forgets_in_that_order()
    {
        _.SessionSeals(Blob, 3);

        var link = await _uploads.CompleteAsync(_.Repository, _.UploadId, Blob, null, null, CancellationToken.None);

        Assert.Equal(new BlobLink(Blob, 3), link);
        Received.InOrder(() =>
        {
            _.Session.SealAsync(_.Repository, Blob);
            _.Store.CommitUploadAsync("token", 3, Blob, Arg.Any<CancellationToken>());
            _.RepositoryGrain.LinkBlobAsync(Blob, 3);
            _.Session.CompleteAsync(Blob);
        });
    }

    [Fact]
    public async Task Bytes_that_do_not_verify_are_neither_committed_nor_linked()
    {
        _.Session.SealAsync(_.Repository, Blob).ThrowsAsync(new RegistryGrainException(RegistryErrorCode.DigestInvalid));

        await Assert.ThrowsAsync<RegistryGrainException>(() => _uploads.CompleteAsync(_.Repository, _.UploadId, Blob, null, null, CancellationToken.None));

        await _.Store.DidNotReceiveWithAnyArgs().CommitUploadAsync(default!, default, default, default);
        await _.RepositoryGrain.DidNotReceiveWithAnyArgs().LinkBlobAsync(default, default);
    }

    [Fact]
    public async Task A_commit_that_fails_leaves_the_blob_unlinked_and_the_upload_to_finish()
    {
        _.SessionSeals(Blob, 3);
        _.Store.CommitUploadAsync("token", 3, Blob, Arg.Any<CancellationToken>()).ThrowsAsync(new StorageUnavailableException("down", new IOException()));

        await Assert.ThrowsAsync<StorageUnavailableException>(() => _uploads.CompleteAsync(_.Repository, _.UploadId, Blob, null, null, CancellationToken.None));

        await _.RepositoryGrain.DidNotReceiveWithAnyArgs().LinkBlobAsync(default, default);
        await _.Session.DidNotReceiveWithAnyArgs().CompleteAsync(default);
    }

    [Fact]
    public async Task A_link_that_fails_leaves_the_upload_to_finish()
    {
        _.SessionSeals(Blob, 3);
        _.RepositoryGrain.LinkBlobAsync(Blob, 3).ThrowsAsync(new TimeoutException());

        await Assert.ThrowsAsync<TimeoutException>(() => _uploads.CompleteAsync(_.Repository, _.UploadId, Blob, null, null, CancellationToken.None));

        await _.Session.DidNotReceiveWithAnyArgs().CompleteAsync(default);
    }

    [Fact]
    public async Task The_client_going_away_does_not_stop_a_commit_once_the_upload_is_sealed()
    {
        _.SessionSeals(Blob, 3);
        using var gone = new CancellationTokenSource();
        await gone.CancelAsync();

        await _uploads.CompleteAsync(_.Repository, _.UploadId, Blob, null, null, gone.Token);

        await _.Store.Received().CommitUploadAsync("token", 3, Blob, CancellationToken.None);
    }

    [Fact]
    public async Task A_monolithic_upload_that_fails_is_cancelled()
    {
        _.Grains.GetGrain<IUploadSessionGrain>(Arg.Any<string>(), Arg.Any<string?>()).Returns(_.Session);
        _.Session.StartAsync(_.Repository, "token").Returns(call => new UploadStatus(Core.Naming.UploadId.New(), _.Repository, 0));
        _.Session.SealAsync(_.Repository, Blob).ThrowsAsync(new RegistryGrainException(RegistryErrorCode.DigestInvalid));

        await Assert.ThrowsAsync<RegistryGrainException>(() => _uploads.UploadWholeAsync(_.Repository, Blob, null, CancellationToken.None));

        await _.Session.Received().CancelAsync(_.Repository);
    }
}
