namespace OrleansRegistry.Grains.Abstractions.PullThrough;

/// <summary>
/// The one fetch from an upstream of one thing (a blob, a manifest, a tag's revalidation, a token), cluster-wide:
/// of all the gateways that ask at once, one is given the lease to fetch and the others wait for its outcome.
/// Bytes never pass through it: the fetcher stores them, then reports what it got.
/// </summary>
/// <remarks>
/// State is in memory only: what it coordinates is in flight, and a result it keeps (a token, a tag's freshness)
/// is cheap to fetch again after a silo is lost. A fetcher that stops renewing its lease (its gateway died) loses
/// it, and a waiter takes it over.
/// </remarks>
[Alias("IUpstreamFetchGrain")]
public interface IUpstreamFetchGrain : IGrainWithStringKey
{
    /// <summary>
    /// A result still good, a remembered failure, the lease to fetch, or, after waiting up to
    /// <paramref name="wait"/> for another fetcher, its outcome or <see cref="FetchTurnKind.Waiting"/> to ask again.
    /// </summary>
    /// <param name="fetcherId">Chosen by the caller, so that a repeated call gets the same lease.</param>
    [Alias("Begin")]
    Task<FetchTurn> BeginAsync(Guid fetcherId, TimeSpan wait);

    [Alias("Renew")]
    Task RenewAsync(Guid fetcherId);

    /// <summary>Ends the fetch with what it got; waiters get it, and so does every caller until it expires.</summary>
    [Alias("Complete")]
    Task CompleteAsync(Guid fetcherId, FetchResult result);

    /// <summary>
    /// Ends the fetch with a failure: waiters get it, and every caller until its <see cref="UpstreamFailure.RetryAfter"/>
    /// has passed, so that an upstream that asked for a pause gets it.
    /// </summary>
    [Alias("Fail")]
    Task FailAsync(Guid fetcherId, UpstreamFailure failure);

    /// <summary>
    /// The fetcher streams what it fetches to other gateways too, from <paramref name="transfer"/>: waiters that can
    /// serve their client that way learn of it from <see cref="WatchTransferAsync"/>. Forgotten when the fetch ends.
    /// </summary>
    [Alias("PublishTransfer")]
    Task PublishTransferAsync(PeerTransfer transfer);

    /// <summary>
    /// The transfer of the fetch in progress, as soon as its fetcher publishes one: waits up to <paramref name="wait"/>
    /// for it, and answers null when there is none by then or the fetch has ended (ask <see cref="BeginAsync"/>).
    /// </summary>
    [Alias("WatchTransfer")]
    Task<PeerTransfer?> WatchTransferAsync(TimeSpan wait);

    /// <summary>Drops the result (a token the upstream refused), so that the next caller fetches anew.</summary>
    [Alias("Forget")]
    Task ForgetAsync();
}
