using System.Diagnostics.Metrics;
using OrleansRegistry.Grains.Hosting;

namespace OrleansRegistry.Grains.Quotas;

/// <summary>Pushes quotas refused, for an operator: by what they would have exceeded.</summary>
internal static class QuotaMetrics
{
    private static readonly Counter<long> Refusals = GrainMetrics.Meter.CreateCounter<long>(
        "registry.quota.refusals", "{push}", "Manifest pushes refused as they would take a repository past its quota, by limit (bytes, tags)");

    public static void Refused(string limit) => Refusals.Add(1, new KeyValuePair<string, object?>("limit", limit));
}
