using Orleans.Concurrency;
using OrleansRegistry.Grains.Abstractions.PullThrough;

namespace OrleansRegistry.Grains.PullThrough;

/// <summary>
/// Single-flight of one upstream fetch. Reentrant, so that callers can wait here for the fetcher's outcome while
/// the fetcher's own calls (renew, complete, fail) get through; every change of state happens between awaits.
/// </summary>
[Reentrant]
internal sealed class UpstreamFetchGrain(TimeProvider time) : Grain, IUpstreamFetchGrain
{
    /// <summary>How long a fetcher that stopped renewing keeps the lease: then a waiter fetches instead.</summary>
    private static readonly TimeSpan LeaseTimeout = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan RenewWithin = LeaseTimeout / 3;

    /// <summary>A result is kept in memory at most this long; an activation is not kept for longer.</summary>
    private static readonly TimeSpan LongestKept = TimeSpan.FromHours(1);

    private FetchResult? _result;
    private Lease? _lease;
    private RememberedFailure? _failure;
    private PeerTransfer? _transfer;

    /// <summary>Completed when a transfer is published or the fetch ends, then replaced.</summary>
    private TaskCompletionSource _transferChanged = NewSignal();

    /// <summary>Completed with the outcome of the fetch in progress, then replaced for the next.</summary>
    private TaskCompletionSource<FetchTurn> _outcome = NewOutcome();

    public async Task<FetchTurn> BeginAsync(Guid fetcherId, TimeSpan wait)
    {
        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            var now = time.GetUtcNow();
            if (_lease?.Id == fetcherId)
            {
                _lease = new Lease(fetcherId, now + LeaseTimeout);
                return new FetchTurn(FetchTurnKind.Fetch, RenewWithin: RenewWithin);
            }

            if (_result is { } result && result.GoodUntil > now)
            {
                return new FetchTurn(FetchTurnKind.Done, result.Value);
            }

            if (_failure is { } failure && failure.Until > now)
            {
                return new FetchTurn(FetchTurnKind.Failed, Failure: failure.Failure);
            }

            if (_lease is not { } held || held.ExpiresAt <= now)
            {
                _lease = new Lease(fetcherId, now + LeaseTimeout);
                return new FetchTurn(FetchTurnKind.Fetch, RenewWithin: RenewWithin);
            }

            var remaining = Min(deadline, held.ExpiresAt) - now;
            if (remaining <= TimeSpan.Zero)
            {
                return new FetchTurn(FetchTurnKind.Waiting);
            }

            try
            {
                return await _outcome.Task.WaitAsync(remaining, time);
            }
            catch (TimeoutException)
            {
                // Either this caller waited long enough (it asks again, so no grain call outlives its timeout), or
                // the fetcher's lease lapsed and the loop gives it to this caller.
            }
        }
    }

    public Task RenewAsync(Guid fetcherId)
    {
        var now = time.GetUtcNow();
        if (_lease is not { } held || held.Id == fetcherId || held.ExpiresAt <= now)
        {
            _lease = new Lease(fetcherId, now + LeaseTimeout);
        }

        return Task.CompletedTask;
    }

    public Task CompleteAsync(Guid fetcherId, FetchResult result)
    {
        // Accepted from a fetcher that lost its lease too: what it fetched is as good as its successor's will be.
        _result = result;
        _failure = null;
        Release(fetcherId, new FetchTurn(FetchTurnKind.Done, result.Value));
        var kept = Min(result.GoodUntil, time.GetUtcNow() + LongestKept) - time.GetUtcNow();
        if (kept > TimeSpan.Zero)
        {
            // Orleans would collect an idle activation sooner, and with it a token or a tag's freshness.
            DelayDeactivation(kept);
        }

        return Task.CompletedTask;
    }

    public Task FailAsync(Guid fetcherId, UpstreamFailure failure)
    {
        _failure = new RememberedFailure(failure, time.GetUtcNow() + (failure.RetryAfter ?? TimeSpan.Zero));
        Release(fetcherId, new FetchTurn(FetchTurnKind.Failed, Failure: failure));
        return Task.CompletedTask;
    }

    public Task PublishTransferAsync(PeerTransfer transfer)
    {
        // Only while a fetch runs: a late call from a fetcher that already ended must not outlive it.
        if (_lease is not null)
        {
            _transfer = transfer;
            SignalTransfer();
        }

        return Task.CompletedTask;
    }

    public async Task<PeerTransfer?> WatchTransferAsync(TimeSpan wait)
    {
        if (_transfer is not null || _lease is null)
        {
            return _transfer;
        }

        try
        {
            await _transferChanged.Task.WaitAsync(wait, time);
        }
        catch (TimeoutException)
        {
        }

        return _transfer;
    }

    public Task ForgetAsync()
    {
        _result = null;
        return Task.CompletedTask;
    }

    private void Release(Guid fetcherId, FetchTurn outcome)
    {
        if (_lease?.Id == fetcherId)
        {
            _lease = null;
        }

        _transfer = null;
        SignalTransfer();
        var waiting = _outcome;
        _outcome = NewOutcome();
        waiting.SetResult(outcome);
    }

    private void SignalTransfer()
    {
        var changed = _transferChanged;
        _transferChanged = NewSignal();
        changed.SetResult();
    }

    private static TaskCompletionSource<FetchTurn> NewOutcome() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private sealed record Lease(Guid Id, DateTimeOffset ExpiresAt);

    private sealed record RememberedFailure(UpstreamFailure Failure, DateTimeOffset Until);
}
