using System.Diagnostics.Metrics;
using OrleansRegistry.Grains.Abstractions.Collection;
using OrleansRegistry.Grains.Abstractions.Retention;
using OrleansRegistry.Grains.Hosting;

namespace OrleansRegistry.Grains.Retention;

/// <summary>What retention policies delete, for an operator: tags by rule (after pushes and in runs alike), and runs by outcome.</summary>
internal static class RetentionMetrics
{
    private static readonly Meter Meter = GrainMetrics.Meter;
    private static readonly Counter<long> TagsDeleted = Meter.CreateCounter<long>(
        "registry.retention.tags_deleted", "{tag}", "Tags retention policies deleted, by the rule that retired them");
    private static readonly Counter<long> Runs = Meter.CreateCounter<long>(
        "registry.retention.runs", "{run}", "Retention runs ended, by outcome and whether they were dry");

    public static void Retired(IEnumerable<RetiredTag> tags, bool dryRun)
    {
        if (dryRun)
        {
            return;
        }

        foreach (var tag in tags)
        {
            TagsDeleted.Add(1, new KeyValuePair<string, object?>("rule", tag.Reason.ToString()));
        }
    }

    public static void RunEnded(RetentionStatus status) =>
        Runs.Add(1, new KeyValuePair<string, object?>("outcome", status.State.ToString().ToLowerInvariant()),
            new KeyValuePair<string, object?>("dry_run", status.Request?.DryRun ?? false));
}
