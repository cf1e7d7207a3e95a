using OrleansRegistry.Grains.Abstractions;

namespace OrleansRegistry.Application.PullThrough;

/// <summary>A manifest of a cached repository, and how it was served.</summary>
public sealed record CachedManifest(ManifestRecord Manifest, CacheOutcome Outcome);
