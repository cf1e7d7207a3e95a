using System.Net.Sockets;
using Amazon.Runtime;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Storage.S3;

/// <summary>Tells a transient S3 failure (worth a retry by the client) from a refusal or a misconfiguration.</summary>
internal static class S3Failures
{
    /// <summary>
    /// True for server errors (5xx, including 503 SlowDown) and for network failures that the SDK gave up retrying.
    /// Plain <see cref="IOException"/>s are not included: the request body being read is also a stream, and a
    /// client that sends too few bytes must stay a client error.
    /// </summary>
    public static bool IsUnavailable(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        _ when cancellationToken.IsCancellationRequested => false,
        AmazonServiceException service when (int)service.StatusCode >= 500 => true,
        AmazonServiceException { StatusCode: 0 } service => IsNetworkFailure(service.InnerException),
        AmazonClientException client => IsNetworkFailure(client.InnerException),
        // The SDK's own timeout surfaces as a cancellation that nobody asked for.
        OperationCanceledException or TimeoutException => true,
        _ => IsNetworkFailure(exception),
    };

    public static StorageUnavailableException Unavailable(Exception exception) =>
        new($"S3 storage is unavailable: {exception.Message}", exception);

    private static bool IsNetworkFailure(Exception? exception) =>
        exception is HttpRequestException or SocketException or TimeoutException or OperationCanceledException
        || exception?.InnerException is SocketException;
}
