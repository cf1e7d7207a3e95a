using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Grains.Abstractions.Retention;

/// <summary>A tag a policy deleted (or, in a dry run, would delete), and why.</summary>
/// <param name="ImageSize">
/// The bytes the tagged manifest references: itself, its config and layers. What a collection frees afterwards may be
/// less, as other manifests can share them.
/// </param>
[GenerateSerializer, Immutable, Alias("RetiredTag")]
public sealed record RetiredTag(
    [property: Id(0)] RepositoryName Repository,
    [property: Id(1)] Tag Tag,
    [property: Id(2)] Digest Manifest,
    [property: Id(3)] DateTimeOffset PushedAt,
    [property: Id(4)] DateTimeOffset? PulledAt,
    [property: Id(5)] long ImageSize,
    [property: Id(6)] RetirementReason Reason);
