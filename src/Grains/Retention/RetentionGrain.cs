using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Abstractions.Collection;
using OrleansRegistry.Grains.Abstractions.Retention;

namespace OrleansRegistry.Grains.Retention;

/// <summary>
/// Runs the retention policies: visits each repository a policy names, under that policy, and asks it to apply it
/// page by page. It decides nothing itself: each repository weighs its own tags inside its own turns, so pushes to
/// it go on between pages. A run goes on in the background between calls, so status calls answer while it does.
/// </summary>
internal sealed class RetentionGrain(
    RetentionPolicies policies,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<RetentionGrain> logger) : Grain, IRetentionGrain, IRetentionScheduleGrain, IRemindable
{
    private const string ReminderName = "apply-retention";

    private RetentionStatus _status = RetentionStatus.Idle;

    public async Task ScheduleAsync()
    {
        var interval = options.Value.Interval;
        if (options.Value.Enabled && policies.All.Count > 0)
        {
            await this.RegisterOrUpdateReminder(ReminderName, interval, interval);
        }
        else if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == ReminderName && options.Value.Enabled)
        {
            await RunAsync(new RetentionRequest(DryRun: false, Repository: null));
        }
    }

    public Task<RetentionStatus> RunAsync(RetentionRequest request)
    {
        if (_status.State != CollectionState.Running)
        {
            _status = RetentionStatus.Idle with { State = CollectionState.Running, Request = request, StartedAt = time.GetUtcNow() };
            // Not awaited: the run outlives this call, on this activation's scheduler, between its other calls.
            _ = RunInBackgroundAsync(request);
        }

        return Task.FromResult(_status);
    }

    public Task<RetentionStatus> GetStatusAsync() => Task.FromResult(_status);

    private async Task RunInBackgroundAsync(RetentionRequest request)
    {
        logger.LogInformation("Retention run started ({Scope}{Dry})", request.Repository?.Value ?? "every repository a policy names", request.DryRun ? ", dry run" : "");
        try
        {
            if (request.Repository is { } only)
            {
                await RetainAsync(only, request.DryRun);
            }
            else
            {
                await foreach (var repository in RepositoriesUnderPoliciesAsync())
                {
                    await RetainAsync(repository, request.DryRun);
                }
            }

            _status = _status with { State = CollectionState.Finished, FinishedAt = time.GetUtcNow() };
            logger.LogInformation(
                "Retention run finished{Dry}: {Tags} tags deleted in {Repositories} repositories",
                request.DryRun ? " (dry run, nothing deleted)" : "", _status.TagsDeleted, _status.Repositories);
        }
        catch (Exception e)
        {
            _status = _status with { State = CollectionState.Failed, FinishedAt = time.GetUtcNow(), Error = e.Message };
            logger.LogError(e, "Retention run failed; the next run starts over");
        }

        RetentionMetrics.RunEnded(_status);
    }

    private async Task RetainAsync(RepositoryName repository, bool dryRun)
    {
        var grain = GrainFactory.GetGrain<IRepositoryRetentionGrain>(repository.Value);
        RetentionCursor? cursor = null;
        do
        {
            var page = await grain.RetainAsync(dryRun, cursor);
            RetentionMetrics.Retired(page.Retired, dryRun);
            var room = RetentionStatus.ReportLimit - _status.Tags.Count;
            _status = _status with
            {
                TagsDeleted = _status.TagsDeleted + page.Retired.Count,
                ImageBytes = _status.ImageBytes + page.Retired.Sum(tag => tag.ImageSize),
                Tags = room > 0 && page.Retired.Count > 0 ? [.. _status.Tags, .. page.Retired.Take(room)] : _status.Tags,
            };
            cursor = page.Next;
            // A run may take longer than an idle activation lives.
            this.DelayDeactivation(TimeSpan.FromMinutes(5));
        }
        while (cursor is not null);

        _status = _status with { Repositories = _status.Repositories + 1 };
    }

    /// <summary>Each repository a policy names, once, under the policy it follows.</summary>
    private async IAsyncEnumerable<RepositoryName> RepositoriesUnderPoliciesAsync()
    {
        foreach (var policy in policies.All)
        {
            await foreach (var name in GrainFactory.Catalog().ListStartingWithAsync(policy.Repositories.LiteralPrefix))
            {
                if (policies.For(name) == policy)
                {
                    yield return name;
                }
            }
        }
    }
}
