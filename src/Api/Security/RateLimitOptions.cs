namespace OrleansRegistry.Api.Security;

/// <summary>
/// Section <c>Registry:RateLimit</c>: requests per client in a fixed window, per authenticated user or else per
/// remote IP address; excess requests are answered <c>429 TOOMANYREQUESTS</c> with <c>Retry-After</c>. Off by default.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Registry:RateLimit";

    /// <summary>Requests each client may make per <see cref="Window"/>; 0 turns rate limiting off.</summary>
    public int PermitsPerWindow { get; set; }

    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Requests over the limit that wait for the next window instead of being refused at once.</summary>
    public int QueueLimit { get; set; }

    public bool Enabled => PermitsPerWindow > 0;
}
