namespace OrleansRegistry.Api.Security;

/// <summary>
/// Section <c>Registry:Limits</c>: what Kestrel tolerates of a client before it answers 431 or 408 or closes the
/// connection. The defaults are Kestrel's, except that request bodies have no size limit (blobs are large; the
/// manifest endpoint bounds its own body).
/// </summary>
public sealed class LimitsOptions
{
    public const string Section = "Registry:Limits";

    /// <summary>All request headers together, in bytes; more is answered <c>431</c>.</summary>
    public int MaxRequestHeadersTotalSize { get; set; } = 32 * 1024;

    /// <summary>The number of request headers; more is answered <c>431</c>.</summary>
    public int MaxRequestHeaderCount { get; set; } = 100;

    /// <summary>The request line (method, target, version), in bytes; longer is answered <c>414</c>.</summary>
    public int MaxRequestLineSize { get; set; } = 8 * 1024;

    /// <summary>How long a client may take to send the request headers before the connection is closed.</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an idle keep-alive connection stays open.</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(130);

    /// <summary>The slowest a request body may arrive, in bytes per second, after the grace period; 0 turns the check off.</summary>
    public double MinRequestBodyDataRate { get; set; } = 240;

    public TimeSpan MinRequestBodyDataRateGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Connections at once per gateway; 0 means unlimited.</summary>
    public long MaxConcurrentConnections { get; set; }
}
