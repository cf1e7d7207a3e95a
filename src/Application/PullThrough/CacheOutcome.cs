namespace OrleansRegistry.Application.PullThrough;

/// <summary>How a pull of a cached repository was served, for the access log and metrics.</summary>
public enum CacheOutcome
{
    /// <summary>From the cache, without asking the upstream.</summary>
    Hit,

    /// <summary>Fetched from the upstream by this request.</summary>
    Miss,

    /// <summary>Read as it came from the upstream, fetched by another request of the same process.</summary>
    Joined,

    /// <summary>A tag past its TTL, confirmed by one HEAD upstream without a download.</summary>
    Revalidated,

    /// <summary>A tag past its TTL served from the cache because the upstream failed or asked for a pause.</summary>
    Stale,
}
