using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Abstractions.Collection;
using OrleansRegistry.Grains.Abstractions.Retention;

namespace OrleansRegistry.Grains.Tests.Infrastructure;

/// <summary>Retention runs as a test needs them: its own, from start to end.</summary>
internal static class RetentionRuns
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    /// <summary>Waits out a run in progress, then runs the policies (over one repository, or all) to the end.</summary>
    public static async Task<RetentionStatus> RetainToEndAsync(this IGrainFactory grains, RepositoryName? repository, bool dryRun = false)
    {
        var runner = grains.Retention();
        await WaitIdleAsync(runner);
        var request = new RetentionRequest(dryRun, repository);
        Assert.Equal(request, (await runner.RunAsync(request)).Request);
        var status = await WaitIdleAsync(runner);
        Assert.True(status.State == CollectionState.Finished, $"the run ended {status.State}: {status.Error}");
        return status;
    }

    private static async Task<RetentionStatus> WaitIdleAsync(IRetentionGrain runner)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var status = await runner.GetStatusAsync();
            if (status.State != CollectionState.Running)
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, "the retention run did not end within a minute");
            await Task.Delay(20);
        }
    }
}
