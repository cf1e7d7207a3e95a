using System.Diagnostics.Metrics;

namespace OrleansRegistry.Silo.Operations;

/// <summary>
/// The cluster as this silo sees it: silos by membership status (Orleans publishes no membership instrument). A
/// fall of <c>active</c> or a rise of <c>dead</c> is a silo lost.
/// </summary>
internal sealed class MembershipMetrics : IDisposable
{
    public const string MeterName = "OrleansRegistry.Silo";

    private readonly Meter _meter = new(MeterName);

    public MembershipMetrics(ISiloStatusOracle membership)
    {
        _meter.CreateObservableGauge(
            "registry.cluster.silos",
            () => membership.GetApproximateSiloStatuses(onlyActive: false)
                .GroupBy(silo => silo.Value)
                .Select(group => new Measurement<int>(group.Count(), new KeyValuePair<string, object?>("status", group.Key.ToString().ToLowerInvariant()))),
            "{silo}",
            "Silos of the cluster by membership status, as this silo sees them");
    }

    public void Dispose() => _meter.Dispose();
}
