using System.Net;

namespace OrleansRegistry.Upstream;

/// <summary>An upstream that did not give what was asked: it answered an error, or did not answer at all.</summary>
public sealed class UpstreamException(UpstreamRegistry upstream, HttpStatusCode? status, TimeSpan? retryAfter, string message, Exception? inner = null)
    : Exception($"upstream {upstream.Name}: {message}", inner)
{
    public UpstreamRegistry Upstream { get; } = upstream;

    /// <summary>The upstream's answer; null where it gave none (refused, reset, timed out).</summary>
    public HttpStatusCode? Status { get; } = status;

    /// <summary>When the upstream said to try again (<c>Retry-After</c>), if it did.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>
    /// The upstream has no such content for this registry: 404, or 401/403 once credentials were sent (Docker Hub
    /// answers 401 for a repository that does not exist).
    /// </summary>
    public bool IsNotFound => Status is HttpStatusCode.NotFound or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;
}
