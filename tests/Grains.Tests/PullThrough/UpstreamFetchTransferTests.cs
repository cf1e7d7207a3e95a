using OrleansRegistry.Grains.Abstractions.PullThrough;
using OrleansRegistry.Grains.Tests.Infrastructure;

namespace OrleansRegistry.Grains.Tests.PullThrough;

/// <summary>
/// A fetcher that streams its blob to other gateways publishes the transfer to its fetch's grain; waiters learn of
/// it as soon as it is there, and only while the fetch runs.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class UpstreamFetchTransferTests(ClusterFixture fixture)
{
    private static readonly TimeSpan LongWait = TimeSpan.FromSeconds(20);
    private static readonly PeerTransfer Transfer = new(new Uri("http://10.0.0.7:5000/_registry/transfers/abc"), "secret", 1234);

    private IUpstreamFetchGrain NewFetch() => fixture.Cluster.Grains.GetGrain<IUpstreamFetchGrain>($"test|{Guid.NewGuid()}");

    [Fact]
    public async Task A_waiter_learns_of_the_transfer_as_soon_as_the_fetcher_publishes_it()
    {
        var fetch = NewFetch();
        await fetch.BeginAsync(Guid.NewGuid(), TimeSpan.Zero);
        var watching = fetch.WatchTransferAsync(LongWait);
        await Task.Delay(200);
        Assert.False(watching.IsCompleted);

        await fetch.PublishTransferAsync(Transfer);

        Assert.Equal(Transfer, await watching.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(Transfer, await fetch.WatchTransferAsync(TimeSpan.Zero));
    }

    [Fact]
    public async Task The_transfer_is_forgotten_when_the_fetch_ends()
    {
        var fetch = NewFetch();
        var fetcher = Guid.NewGuid();
        await fetch.BeginAsync(fetcher, TimeSpan.Zero);
        await fetch.PublishTransferAsync(Transfer);

        await fetch.CompleteAsync(fetcher, new FetchResult(null, DateTimeOffset.MaxValue));

        Assert.Null(await fetch.WatchTransferAsync(TimeSpan.Zero));
    }

    [Fact]
    public async Task A_waiter_watching_for_a_transfer_is_answered_when_the_fetch_fails_instead()
    {
        var fetch = NewFetch();
        var fetcher = Guid.NewGuid();
        await fetch.BeginAsync(fetcher, TimeSpan.Zero);
        var watching = fetch.WatchTransferAsync(LongWait);

        await fetch.FailAsync(fetcher, new UpstreamFailure(503, null, false, "upstream down"));

        Assert.Null(await watching.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_transfer_published_when_no_fetch_runs_is_not_given_out()
    {
        var fetch = NewFetch();

        await fetch.PublishTransferAsync(Transfer);

        Assert.Null(await fetch.WatchTransferAsync(TimeSpan.Zero));
    }
}
