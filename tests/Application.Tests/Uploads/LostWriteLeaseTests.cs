using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using OrleansRegistry.Application.Observability;
using OrleansRegistry.Application.Uploads;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Application.Tests.Uploads;

/// <summary>
/// A chunk whose write lease is lost while its bytes flow (the silo holding the upload session died) counts for
/// nothing, and the client hears a failure to retry (503 UNAVAILABLE), not a 400 it would give up on, nor a 500.
/// </summary>
public sealed class LostWriteLeaseTests
{
    private readonly Substitutes _ = new();
    private readonly ChunkWriter _writer;

    public LostWriteLeaseTests()
    {
        _writer = new ChunkWriter(_.Grains, _.Store, new ActiveChunkWrites(_.Grains), new RegistryMetrics(), NullLogger<ChunkWriter>.Instance);
        _.Grains.CreateObjectReference<IUploadWriter>(Arg.Any<IGrainObserver>()).Returns(Substitute.For<IUploadWriter>());
        _.Session.AcquireWriteAsync(_.Repository, null, Arg.Any<Guid>(), Arg.Any<IUploadWriter>())
            .Returns(call => new WriteLease(call.ArgAt<Guid>(2), 0, "token", [], TimeSpan.FromMilliseconds(10)));
    }

    [Fact]
    public async Task A_lease_lost_while_the_bytes_flow_stops_the_write_and_asks_for_a_retry()
    {
        _.Session.RenewWriteAsync(Arg.Any<Guid>()).ThrowsAsync(new TimeoutException("the silo went away"));
        _.Store.WriteUploadAsync("token", 0, Arg.Any<Stream>(), Arg.Any<CancellationToken>())
            .Returns(async call =>
            {
                await Task.Delay(Timeout.Infinite, call.ArgAt<CancellationToken>(3));
                return new UploadWrite("token", 0);
            });

        var error = await Assert.ThrowsAsync<RegistryException>(() =>
            _writer.WriteAsync(_.Repository, _.UploadId, null, new MemoryStream([1, 2, 3]), CancellationToken.None));

        Assert.Equal(RegistryErrorCode.Unavailable, error.Error);
        await _.Session.DidNotReceiveWithAnyArgs().CommitWriteAsync(default, default!);
    }

    [Fact]
    public async Task A_commit_the_session_no_longer_takes_asks_for_a_retry()
    {
        _.Store.WriteUploadAsync("token", 0, Arg.Any<Stream>(), Arg.Any<CancellationToken>()).Returns(new UploadWrite("token", 3));
        _.Session.CommitWriteAsync(Arg.Any<Guid>(), Arg.Any<ChunkWritten>())
            .ThrowsAsync(new RegistryGrainException(RegistryErrorCode.BlobUploadInvalid, "the write lease was lost; the chunk was not accepted"));

        var error = await Assert.ThrowsAsync<RegistryException>(() =>
            _writer.WriteAsync(_.Repository, _.UploadId, null, new MemoryStream([1, 2, 3]), CancellationToken.None));

        Assert.Equal(RegistryErrorCode.Unavailable, error.Error);
    }

    [Fact]
    public async Task A_client_that_goes_away_is_not_told_to_retry()
    {
        using var gone = new CancellationTokenSource();
        _.Store.WriteUploadAsync("token", 0, Arg.Any<Stream>(), Arg.Any<CancellationToken>())
            .Returns<Task<UploadWrite>>(_ => throw new OperationCanceledException(gone.Token));
        await gone.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _writer.WriteAsync(_.Repository, _.UploadId, null, new MemoryStream([1, 2, 3]), gone.Token));
    }
}
