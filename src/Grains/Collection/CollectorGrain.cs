using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Abstractions.Collection;
using OrleansRegistry.Grains.Import;
using OrleansRegistry.Grains.Persistence;
using OrleansRegistry.Metadata;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Grains.Collection;

/// <summary>
/// Runs collections: sweeps the repositories the queue holds (or, in a full run, every repository), then weighs the
/// blobs no repository links (and, in a full run, every blob in storage). It decides nothing itself: each repository
/// and blob checks, inside its own turn, what of it is due. A run goes on in the background between calls, so status
/// calls answer while it does.
/// </summary>
internal sealed class CollectorGrain(
    IEntryStore store,
    IBlobStore blobs,
    IOptions<CollectionOptions> options,
    TimeProvider time,
    ILogger<CollectorGrain> logger) : Grain, ICollectorGrain, ICollectorScheduleGrain, IRemindable
{
    private const string ReminderName = "collect-garbage";
    private const int PageSize = 500;
    private const string Meta = "meta";
    private const string LastFullRunKey = "last-full-run";

    private GrainEntries _entries = null!;
    private CollectionStatus _status = CollectionStatus.Idle;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _entries = new GrainEntries(store, EntryOwners.Collector, GrainContext);
        await _entries.OpenAsync();
    }

    public async Task ScheduleAsync()
    {
        var interval = options.Value.Interval;
        if (options.Value.Enabled)
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
        if (reminderName != ReminderName || !options.Value.Enabled)
        {
            return;
        }

        var lastFull = EntryTimes.Parse(await _entries.GetAsync(Meta, LastFullRunKey));
        var full = lastFull is null || time.GetUtcNow() >= lastFull + options.Value.StorageScanInterval;
        await RunAsync(new CollectionRequest(DryRun: false, Full: full));
    }

    public Task<CollectionStatus> RunAsync(CollectionRequest request)
    {
        if (_status.State != CollectionState.Running)
        {
            _status = CollectionStatus.Idle with { State = CollectionState.Running, Request = request, StartedAt = time.GetUtcNow() };
            // Not awaited: the run outlives this call, on this activation's scheduler, between its other calls.
            _ = RunInBackgroundAsync(request);
        }

        return Task.FromResult(_status);
    }

    public Task<CollectionStatus> GetStatusAsync() => Task.FromResult(_status);

    private async Task RunInBackgroundAsync(CollectionRequest request)
    {
        logger.LogInformation("Garbage collection started ({Kind}{Dry})", request.Full ? "full" : "queued candidates", request.DryRun ? ", dry run" : "");
        try
        {
            await SweepRepositoriesAsync(request);
            await CollectBlobsAsync(request);
            if (request.Full && await GrainFactory.GetGrain<IImportGuardGrain>(0).HoldsUnimportedTreeAsync())
            {
                // Not recorded as a full run, so the next background run scans again.
                logger.LogWarning("Storage not scanned: it holds a Distribution tree that no import has finished with, whose blobs no grain knows of yet (see docs/migration.md)");
            }
            else if (request.Full)
            {
                await ScanStorageAsync(request);
                if (!request.DryRun)
                {
                    await _entries.WriteAsync([EntryChange.Put(Meta, LastFullRunKey, EntryTimes.Format(_status.StartedAt!.Value))]);
                }
            }

            _status = _status with { State = CollectionState.Finished, FinishedAt = time.GetUtcNow() };
            var tally = _status.Tally;
            logger.LogInformation(
                "Garbage collection finished{Dry}: {Manifests} manifests deleted, {Unlinked} blobs unlinked, {Blobs} blobs ({Bytes} bytes) deleted from storage, {Waiting} candidates not due yet",
                request.DryRun ? " (dry run, nothing deleted)" : "", tally.ManifestsDeleted, tally.BlobsUnlinked, tally.BlobsDeleted, tally.BytesFreed, tally.Waiting);
        }
        catch (Exception e)
        {
            _status = _status with { State = CollectionState.Failed, FinishedAt = time.GetUtcNow(), Error = e.Message };
            logger.LogError(e, "Garbage collection failed; the next run starts over");
        }

        CollectionMetrics.RunEnded(_status, time.GetUtcNow());
    }

    private async Task SweepRepositoriesAsync(CollectionRequest request)
    {
        Func<string?, int, Task<Page<RepositoryName>>> list = request.Full ? GrainFactory.Catalog().ListAsync : GrainFactory.CollectionQueue().ListRepositoriesAsync;
        await foreach (var repository in PagesAsync(list, name => name.Value))
        {
            var grain = GrainFactory.GetGrain<IRepositoryCollectionGrain>(repository.Value);
            var page = await grain.SweepAsync(request.DryRun, null);
            Count(request, page.Tally, repositories: 1, blobs: 0);
            while (page.Next is { } next)
            {
                page = await grain.SweepAsync(request.DryRun, next);
                Count(request, page.Tally, repositories: 0, blobs: 0);
            }
        }
    }

    private async Task CollectBlobsAsync(CollectionRequest request)
    {
        await foreach (var digest in PagesAsync(GrainFactory.CollectionQueue().ListBlobsAsync, digest => digest.ToString()))
        {
            var tally = await GrainFactory.GetGrain<IBlobCollectionGrain>(digest.ToString()).CollectAsync(request.DryRun, storedAt: null, storedSize: null);
            Count(request, tally, repositories: 0, blobs: 1);
        }
    }

    /// <summary>Every stored blob: finds bytes no grain knows of, left by a crash between two steps.</summary>
    private async Task ScanStorageAsync(CollectionRequest request)
    {
        await foreach (var stored in blobs.ListBlobsAsync(CancellationToken.None))
        {
            var tally = await GrainFactory.GetGrain<IBlobCollectionGrain>(stored.Digest.ToString())
                .CollectAsync(request.DryRun, stored.LastModified, stored.Size);
            Count(request, tally, repositories: 0, blobs: 1);
        }
    }

    private void Count(CollectionRequest request, CollectionTally tally, int repositories, int blobs)
    {
        _status = _status with { Repositories = _status.Repositories + repositories, Blobs = _status.Blobs + blobs, Tally = _status.Tally + tally };
        if (!request.DryRun)
        {
            CollectionMetrics.Deleted(tally);
        }

        // A run may take longer than an idle activation lives.
        this.DelayDeactivation(TimeSpan.FromMinutes(5));
    }

    /// <summary>A list paged by cursor, which entries leaving it during the walk do not disturb.</summary>
    private static async IAsyncEnumerable<T> PagesAsync<T>(Func<string?, int, Task<Page<T>>> list, Func<T, string> cursor)
    {
        string? after = null;
        while (true)
        {
            var page = await list(after, PageSize);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            if (!page.HasMore || page.Items.Count == 0)
            {
                yield break;
            }

            after = cursor(page.Items[^1]);
        }
    }
}
