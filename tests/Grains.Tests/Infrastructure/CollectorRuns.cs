using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Abstractions.Collection;

namespace OrleansRegistry.Grains.Tests.Infrastructure;

/// <summary>Collection runs as a test needs them: its own, from start to end.</summary>
internal static class CollectorRuns
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    /// <summary>Waits out a run in progress, then starts one and waits for its end.</summary>
    /// <param name="afterCommitLeases">
    /// Waits a commit lease first, so that the blob grains the test has just used (announcing commits, or activated
    /// anew) may delete their blobs.
    /// </param>
    public static async Task<CollectionStatus> RunToEndAsync(this IGrainFactory grains, bool dryRun = false, bool full = false, bool afterCommitLeases = true)
    {
        if (afterCommitLeases)
        {
            // A timer may fire a little before the clock the grains read says the lease ended.
            await Task.Delay(CollectingClusterFixture.CommitLease + TimeSpan.FromMilliseconds(500));
        }

        var collector = grains.Collector();
        await WaitIdleAsync(collector);
        var request = new CollectionRequest(dryRun, full);
        var started = await collector.RunAsync(request);
        Assert.Equal(request, started.Request);
        var status = await WaitIdleAsync(collector);
        Assert.True(status.State == CollectionState.Finished, $"the run ended {status.State}: {status.Error}");
        return status;
    }

    private static async Task<CollectionStatus> WaitIdleAsync(ICollectorGrain collector)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var status = await collector.GetStatusAsync();
            if (status.State != CollectionState.Running)
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, "the collector's run did not end within a minute");
            await Task.Delay(20);
        }
    }
}
