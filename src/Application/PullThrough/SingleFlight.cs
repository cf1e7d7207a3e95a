using Microsoft.Extensions.Logging;
using OrleansRegistry.Application.Observability;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Abstractions.PullThrough;
using OrleansRegistry.Upstream;

namespace OrleansRegistry.Application.PullThrough;

/// <summary>
/// Runs a fetch from an upstream at most once at a time in the whole cluster: the <see cref="IUpstreamFetchGrain"/>
/// of its key gives one caller the lease, which this renews while the fetch runs; every other caller waits for the
/// outcome, asking again every few seconds so that no grain call outlives its timeout.
/// </summary>
public sealed class SingleFlight(IGrainFactory grains, PullThroughMetrics metrics, ILogger<SingleFlight> logger)
{
    /// <summary>Below any grain call timeout (Orleans' 30 s, a cluster's 10 s).</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The outcome: <see cref="FetchTurnKind.Done"/> or <see cref="FetchTurnKind.Failed"/>. An upstream's failure
    /// is an outcome; anything else that breaks the fetch (storage) is thrown, after the waiters are told.
    /// </summary>
    /// <param name="fetch">
    /// Runs without the caller's cancellation: others may be waiting for it, so a client that leaves does not end
    /// it. Upstream timeouts bound it.
    /// </param>
    /// <param name="follow">
    /// Where the caller can serve its client from another gateway's transfer while it comes: given the transfer, true
    /// once it has served it all, false when it could not start (the caller then waits for the outcome). The turn
    /// is then <see cref="FetchTurnKind.Done"/>, as when another fetcher's outcome is waited for.
    /// </param>
    public async Task<FetchTurn> RunAsync(
        UpstreamFetchKey key, Func<CancellationToken, Task<FetchResult>> fetch, CancellationToken cancellationToken, Func<PeerTransfer, Task<bool>>? follow = null)
    {
        var grain = grains.UpstreamFetch(key);
        var fetcherId = Guid.NewGuid();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A caller that can follow a transfer asks for the lease without waiting, then watches for a transfer.
            var turn = await grain.BeginAsync(fetcherId, follow is null ? Wait : TimeSpan.Zero);
            switch (turn.Kind)
            {
                case FetchTurnKind.Waiting when follow is not null:
                    if (await grain.WatchTransferAsync(Wait) is { } transfer)
                    {
                        if (await follow(transfer))
                        {
                            return new FetchTurn(FetchTurnKind.Done);
                        }

                        follow = null;
                    }

                    continue;
                case FetchTurnKind.Waiting:
                    continue;
                case FetchTurnKind.Fetch:
                    return await FetchAsync(grain, fetcherId, turn.RenewWithin, key, fetch);
                default:
                    return turn;
            }
        }
    }

    private async Task<FetchTurn> FetchAsync(IUpstreamFetchGrain grain, Guid fetcherId, TimeSpan renewWithin, UpstreamFetchKey key, Func<CancellationToken, Task<FetchResult>> fetch)
    {
        using var renewing = new CancellationTokenSource();
        var renewal = RenewAsync(grain, fetcherId, renewWithin, renewing.Token);
        try
        {
            var result = await fetch(CancellationToken.None);
            await grain.CompleteAsync(fetcherId, result);
            return new FetchTurn(FetchTurnKind.Done, result.Value);
        }
        catch (UpstreamException e)
        {
            logger.LogWarning("Fetching {Key} failed: {Message}", key, e.Message);
            metrics.UpstreamFailed(e.Upstream.Name, (int?)e.Status);
            var failure = new UpstreamFailure((int?)e.Status, e.RetryAfter, e.IsNotFound, e.Message);
            await TellAsync(grain, fetcherId, failure);
            return new FetchTurn(FetchTurnKind.Failed, Failure: failure);
        }
        catch (Exception e)
        {
            await TellAsync(grain, fetcherId, new UpstreamFailure(null, null, false, $"the fetch failed here: {e.GetType().Name}"));
            throw;
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
        }
    }

    private async Task RenewAsync(IUpstreamFetchGrain grain, Guid fetcherId, TimeSpan every, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(every, stop);
                await grain.RenewAsync(fetcherId);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The fetch goes on: at worst a waiter takes the lease over and fetches too.
            logger.LogWarning(e, "Could not renew the lease of an upstream fetch");
        }
    }

    /// <summary>A failure the grain does not hear of costs the waiters only the lease's lapse.</summary>
    private async Task TellAsync(IUpstreamFetchGrain grain, Guid fetcherId, UpstreamFailure failure)
    {
        try
        {
            await grain.FailAsync(fetcherId, failure);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not report a failed upstream fetch");
        }
    }
}
