using OrleansRegistry.Grains.Abstractions.Collection;

namespace OrleansRegistry.Grains.Collection;

/// <summary>What a page of a repository's sweep did, and where the next page starts (null after the last).</summary>
[GenerateSerializer, Immutable, Alias("SweepPage")]
public sealed record SweepPage([property: Id(0)] CollectionTally Tally, [property: Id(1)] SweepCursor? Next);
