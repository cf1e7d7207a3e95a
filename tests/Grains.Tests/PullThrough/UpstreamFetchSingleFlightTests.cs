using OrleansRegistry.Grains.Abstractions.PullThrough;
using OrleansRegistry.Grains.Tests.Infrastructure;

namespace OrleansRegistry.Grains.Tests.PullThrough;

/// <summary>
/// One fetch from an upstream at a time, cluster-wide: the first caller gets the lease, the others wait for its
/// outcome and get it; a result is given out until it expires, a failure until the upstream's Retry-After.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class UpstreamFetchSingleFlightTests(ClusterFixture fixture)
{
    private static readonly TimeSpan LongWait = TimeSpan.FromSeconds(20);

    private IUpstreamFetchGrain NewFetch() => fixture.Cluster.Grains.GetGrain<IUpstreamFetchGrain>($"test|{Guid.NewGuid()}");

    [Fact]
    public async Task The_first_caller_fetches_and_a_concurrent_caller_waits_for_its_result()
    {
        var fetch = NewFetch();
        var fetcher = Guid.NewGuid();
        Assert.Equal(FetchTurnKind.Fetch, (await fetch.BeginAsync(fetcher, TimeSpan.Zero)).Kind);

        var waiting = fetch.BeginAsync(Guid.NewGuid(), LongWait);
        await fetch.RenewAsync(fetcher);
        Assert.False(waiting.IsCompleted);
        await fetch.CompleteAsync(fetcher, new FetchResult("token-1", DateTimeOffset.UtcNow.AddMinutes(5)));

        Assert.Equal(new FetchTurn(FetchTurnKind.Done, "token-1"), await waiting);
    }

    [Fact]
    public async Task Many_concurrent_callers_get_exactly_one_lease()
    {
        var fetch = NewFetch();
        var callers = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();

        var turns = await Task.WhenAll(callers.Select(caller => fetch.BeginAsync(caller, TimeSpan.FromMilliseconds(300))));

        Assert.Equal(1, turns.Count(turn => turn.Kind == FetchTurnKind.Fetch));
        Assert.Equal(19, turns.Count(turn => turn.Kind == FetchTurnKind.Waiting));
    }

    [Fact]
    public async Task A_result_is_given_without_a_fetch_until_it_expires()
    {
        var fetch = NewFetch();
        var fetcher = Guid.NewGuid();
        await fetch.BeginAsync(fetcher, TimeSpan.Zero);
        await fetch.CompleteAsync(fetcher, new FetchResult("fresh", DateTimeOffset.UtcNow.AddMinutes(5)));

        var later = await fetch.BeginAsync(Guid.NewGuid(), TimeSpan.Zero);

        Assert.Equal(new FetchTurn(FetchTurnKind.Done, "fresh"), later);
    }

    [Fact]
    public async Task An_expired_result_is_fetched_again()
    {
        var fetch = NewFetch();
        var fetcher = Guid.NewGuid();
        await fetch.BeginAsync(fetcher, TimeSpan.Zero);
        await fetch.CompleteAsync(fetcher, new FetchResult("stale", DateTimeOffset.UtcNow.AddSeconds(-1)));

        Assert.Equal(FetchTurnKind.Fetch, (await fetch.BeginAsync(Guid.NewGuid(), TimeSpan.Zero)).Kind);
    }

    [Fact]
    public async Task A_forgotten_result_is_fetched_again()
    {
        var fetch = NewFetch();
        var fetcher = Guid.NewGuid();
        await fetch.BeginAsync(fetcher, TimeSpan.Zero);
        await fetch.CompleteAsync(fetcher, new FetchResult("refused-token", DateTimeOffset.UtcNow.AddMinutes(5)));

        await fetch.ForgetAsync();

        Assert.Equal(FetchTurnKind.Fetch, (await fetch.BeginAsync(Guid.NewGuid(), TimeSpan.Zero)).Kind);
    }

    [Fact]
    public async Task A_failure_reaches_the_waiters_of_that_fetch_but_not_later_callers()
    {
        var fetch = NewFetch();
        var fetcher = Guid.NewGuid();
        await fetch.BeginAsync(fetcher, TimeSpan.Zero);
        var waiting = fetch.BeginAsync(Guid.NewGuid(), LongWait);
        var failure = new UpstreamFailure(502, null, false, "bad gateway");
        // Orleans does not order two calls of one caller: the waiter must be waiting before the failure, which it
        // would otherwise miss (a failure without Retry-After is not remembered) and fetch instead.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(waiting.IsCompleted);

        await fetch.FailAsync(fetcher, failure);

        Assert.Equal(new FetchTurn(FetchTurnKind.Failed, Failure: failure), await waiting);
        Assert.Equal(FetchTurnKind.Fetch, (await fetch.BeginAsync(Guid.NewGuid(), TimeSpan.Zero)).Kind);
    }

    [Fact]
    public async Task A_failure_with_retry_after_is_answered_without_a_fetch_until_then()
    {
        var fetch = NewFetch();
        var fetcher = Guid.NewGuid();
        await fetch.BeginAsync(fetcher, TimeSpan.Zero);
        var failure = new UpstreamFailure(429, TimeSpan.FromMinutes(1), false, "too many requests");

        await fetch.FailAsync(fetcher, failure);

        Assert.Equal(new FetchTurn(FetchTurnKind.Failed, Failure: failure), await fetch.BeginAsync(Guid.NewGuid(), TimeSpan.Zero));
    }

    [Fact]
    public async Task A_fetcher_that_stops_renewing_loses_the_lease_to_a_waiter()
    {
        var fetch = NewFetch();
        await fetch.BeginAsync(Guid.NewGuid(), TimeSpan.Zero);

        // The lease lasts 15 s without renewal; this caller waits for it to lapse and is given it.
        var successor = await fetch.BeginAsync(Guid.NewGuid(), LongWait);

        Assert.Equal(FetchTurnKind.Fetch, successor.Kind);
    }
}
