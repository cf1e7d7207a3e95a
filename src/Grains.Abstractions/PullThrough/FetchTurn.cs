namespace OrleansRegistry.Grains.Abstractions.PullThrough;

public enum FetchTurnKind
{
    /// <summary>The thing was fetched; <see cref="FetchTurn.Value"/> is what the fetcher reported.</summary>
    Done,

    /// <summary>The caller holds the lease: it fetches, renewing within <see cref="FetchTurn.RenewWithin"/>.</summary>
    Fetch,

    /// <summary>The fetch failed; <see cref="FetchTurn.Failure"/> says how.</summary>
    Failed,

    /// <summary>Another fetcher is still at work: ask again.</summary>
    Waiting,
}

/// <summary>What a caller of <see cref="IUpstreamFetchGrain.BeginAsync"/> is to do.</summary>
[GenerateSerializer, Immutable, Alias("FetchTurn")]
public sealed record FetchTurn(
    [property: Id(0)] FetchTurnKind Kind,
    [property: Id(1)] string? Value = null,
    [property: Id(2)] UpstreamFailure? Failure = null,
    [property: Id(3)] TimeSpan RenewWithin = default);
