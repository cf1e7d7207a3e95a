namespace OrleansRegistry.Grains.Abstractions.PullThrough;

/// <summary>
/// A blob transfer another gateway can read as it comes: the fetching gateway serves it at <paramref name="Source"/>
/// to whoever presents <paramref name="Token"/>, which only the cluster learns (from the fetch's grain).
/// </summary>
[GenerateSerializer, Immutable, Alias("PeerTransfer")]
public sealed record PeerTransfer([property: Id(0)] Uri Source, [property: Id(1)] string Token, [property: Id(2)] long Length);
