using System.Diagnostics.Metrics;
using OrleansRegistry.Grains.Abstractions.Collection;
using OrleansRegistry.Grains.Hosting;

namespace OrleansRegistry.Grains.Collection;

/// <summary>
/// What the collector reclaims, for an operator: deletions level by level and the bytes they freed (real runs only,
/// a dry run changes nothing), runs by outcome, and how long ago a run last finished (its lag: a collector that
/// stops finishing runs lets storage grow).
/// </summary>
internal static class CollectionMetrics
{
    private static readonly Meter Meter = GrainMetrics.Meter;
    private static readonly Counter<long> ManifestsDeleted = Meter.CreateCounter<long>(
        "registry.gc.manifests_deleted", "{manifest}", "Manifests the collector deleted from repositories");
    private static readonly Counter<long> BlobsUnlinked = Meter.CreateCounter<long>(
        "registry.gc.blobs_unlinked", "{blob}", "Blobs the collector unlinked from repositories, as no manifest referenced them");
    private static readonly Counter<long> BlobsDeleted = Meter.CreateCounter<long>(
        "registry.gc.blobs_deleted", "{blob}", "Blobs the collector deleted from storage");
    private static readonly Counter<long> BytesFreed = Meter.CreateCounter<long>(
        "registry.gc.bytes_freed", "By", "Bytes of blobs the collector deleted from storage");
    private static readonly Counter<long> Runs = Meter.CreateCounter<long>(
        "registry.gc.runs", "{run}", "Collector runs ended, by outcome and whether they were dry");

    private static long _lastFinished = long.MinValue;

    static CollectionMetrics()
    {
        Meter.CreateObservableGauge(
            "registry.gc.seconds_since_last_run", ObserveLag, "s", "Seconds since this silo's collector last finished a run");
    }

    public static void Deleted(CollectionTally tally)
    {
        ManifestsDeleted.Add(tally.ManifestsDeleted);
        BlobsUnlinked.Add(tally.BlobsUnlinked);
        BlobsDeleted.Add(tally.BlobsDeleted);
        BytesFreed.Add(tally.BytesFreed);
    }

    public static void RunEnded(CollectionStatus status, DateTimeOffset now)
    {
        Runs.Add(1, new KeyValuePair<string, object?>("outcome", status.State.ToString().ToLowerInvariant()),
            new KeyValuePair<string, object?>("dry_run", status.Request?.DryRun ?? false));
        if (status.State == CollectionState.Finished)
        {
            Interlocked.Exchange(ref _lastFinished, now.ToUnixTimeMilliseconds());
        }
    }

    private static IEnumerable<Measurement<double>> ObserveLag()
    {
        var last = Interlocked.Read(ref _lastFinished);
        return last == long.MinValue
            ? []
            : [new Measurement<double>((DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - last) / 1000.0)];
    }
}
