namespace OrleansRegistry.Application.PullThrough;

/// <summary>A blob linked to a repository, and how it was served where the repository is a cache (null otherwise).</summary>
/// <param name="Delivered">Whether its bytes were already sent to the client as they came from the upstream.</param>
public sealed record CachedBlob(long Size, CacheOutcome? Outcome, bool Delivered);
