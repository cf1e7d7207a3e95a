using System.Net.Sockets;
using Amazon.Runtime;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Storage.S3;

/// <summary>
/// The one place where S3 failures are translated: a transient one (worth a retry by the client) becomes
/// <see cref="StorageUnavailableException"/>; a refusal, a misconfiguration or a cancellation stays what it is.
/// </summary>
internal static class S3Failures
{
    /// <summary>Runs <paramref name="call"/>, reporting a transient S3 failure as <see cref="StorageUnavailableException"/>.</summary>
    /// <param name="cancellationToken">The caller's token: a cancellation it asked for is never mistaken for a timeout.</param>
    public static async Task<T> TranslateAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (IsUnavailable(e, cancellationToken))
        {
            throw new StorageUnavailableException($"S3 storage is unavailable: {e.Message}", e);
        }
    }

    /// <inheritdoc cref="TranslateAsync{T}"/>
    public static Task TranslateAsync(Func<Task> call, CancellationToken cancellationToken) =>
        TranslateAsync(
            async () =>
            {
                await call();
                return true;
            },
            cancellationToken);

    /// <summary>
    /// True for server errors (5xx, including 503 SlowDown) and for network failures that the SDK gave up retrying.
    /// Plain <see cref="IOException"/>s are not included: the request body being read is also a stream, and a
    /// client that sends too few bytes must stay a client error.
    /// </summary>
    private static bool IsUnavailable(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        _ when cancellationToken.IsCancellationRequested => false,
        AmazonServiceException service when (int)service.StatusCode >= 500 => true,
        AmazonServiceException { StatusCode: 0 } service => IsNetworkFailure(service.InnerException),
        AmazonClientException client => IsNetworkFailure(client.InnerException),
        // The SDK's own timeout surfaces as a cancellation that nobody asked for.
        OperationCanceledException or TimeoutException => true,
        _ => IsNetworkFailure(exception),
    };

    private static bool IsNetworkFailure(Exception? exception) =>
        exception is HttpRequestException or SocketException or TimeoutException or OperationCanceledException
        || exception?.InnerException is SocketException;
}
