using System.Net;

namespace OrleansRegistry.Core.Errors;

/// <summary>
/// A failure the client caused or must hear about, answered as the spec's JSON <c>errors</c> array.
/// </summary>
public sealed class RegistryException : Exception
{
    public RegistryException(RegistryErrorCode error, string? detail = null, HttpStatusCode? status = null, TimeSpan? retryAfter = null)
        : base(detail is null ? error.Message : $"{error.Message}: {detail}")
    {
        Error = error;
        Detail = detail;
        Status = status ?? error.Status;
        RetryAfter = retryAfter;
    }

    public RegistryErrorCode Error { get; }

    public string? Detail { get; }

    /// <summary>The HTTP status; a few endpoints answer a code with another status than its usual one.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>When to try again, where it is known (an upstream's own Retry-After); the answer's default otherwise.</summary>
    public TimeSpan? RetryAfter { get; }
}
