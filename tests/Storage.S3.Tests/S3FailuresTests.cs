using System.Net;
using System.Net.Sockets;
using Amazon.S3;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Storage.S3.Tests;

/// <summary>
/// The one translation of S3 failures: what a client should retry becomes <see cref="StorageUnavailableException"/>,
/// everything else passes unchanged.
/// </summary>
public sealed class S3FailuresTests
{
    public static TheoryData<Exception> Transient => new()
    {
        new AmazonS3Exception("slow down", Amazon.Runtime.ErrorType.Receiver, "SlowDown", "request", HttpStatusCode.ServiceUnavailable),
        new AmazonS3Exception("internal", Amazon.Runtime.ErrorType.Receiver, "InternalError", "request", HttpStatusCode.InternalServerError),
        new HttpRequestException("connection refused", new SocketException((int)SocketError.ConnectionRefused)),
        new Amazon.Runtime.AmazonClientException("gave up", new HttpRequestException("reset")),
        new TaskCanceledException("the SDK's own timeout"),
    };

    public static TheoryData<Exception> Final => new()
    {
        new AmazonS3Exception("no such key", Amazon.Runtime.ErrorType.Sender, "NoSuchKey", "request", HttpStatusCode.NotFound),
        new AmazonS3Exception("denied", Amazon.Runtime.ErrorType.Sender, "AccessDenied", "request", HttpStatusCode.Forbidden),
        new IOException("the client's request body ended early"),
        new InvalidDataException("the token holds fewer bytes"),
    };

    [Theory]
    [MemberData(nameof(Transient))]
    public async Task A_transient_failure_reports_the_store_unavailable(Exception failure)
    {
        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => S3Failures.TranslateAsync(() => Task.FromException(failure), CancellationToken.None));

        Assert.Same(failure, error.InnerException);
    }

    [Theory]
    [MemberData(nameof(Final))]
    public async Task Any_other_failure_passes_unchanged(Exception failure)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => S3Failures.TranslateAsync(() => Task.FromException<int>(failure), CancellationToken.None));

        Assert.Same(failure, error);
    }

    [Fact]
    public async Task A_cancellation_the_caller_asked_for_stays_a_cancellation()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAsync<TaskCanceledException>(() => S3Failures.TranslateAsync(() => Task.FromCanceled(cancelled.Token), cancelled.Token));
    }

    [Fact]
    public async Task A_result_passes_through()
    {
        Assert.Equal(42, await S3Failures.TranslateAsync(() => Task.FromResult(42), CancellationToken.None));
    }
}
