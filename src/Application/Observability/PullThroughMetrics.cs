using System.Diagnostics.Metrics;
using OrleansRegistry.Application.PullThrough;

namespace OrleansRegistry.Application.Observability;

/// <summary>
/// What an operator of a pull-through cache watches: how much is served without the upstream (hits against
/// misses), the bytes it still costs, how the upstream answers, and how often stale content covered for it.
/// </summary>
public sealed class PullThroughMetrics
{
    private static readonly Meter Meter = new(RegistryMetrics.MeterName);
    private static readonly Counter<long> Served = Meter.CreateCounter<long>("registry.pullthrough.served", "{request}", "Pulls of cached repositories, by kind (manifest, blob) and outcome (hit, miss, joined, revalidated, stale)");
    private static readonly Counter<long> UpstreamBytes = Meter.CreateCounter<long>("registry.pullthrough.upstream.bytes", "By", "Bytes fetched from upstreams");
    private static readonly Counter<long> UpstreamErrors = Meter.CreateCounter<long>("registry.pullthrough.upstream.errors", "{error}", "Failed upstream requests, by upstream and status (none where it did not answer)");
    private static readonly Counter<long> Revalidations = Meter.CreateCounter<long>("registry.pullthrough.revalidations", "{request}", "Tags past their TTL checked upstream, by whether they changed");

    public void ServedManifest(string upstream, CacheOutcome outcome) => Count("manifest", upstream, outcome);

    public void ServedBlob(string upstream, CacheOutcome outcome) => Count("blob", upstream, outcome);

    public void Fetched(string upstream, long bytes) => UpstreamBytes.Add(bytes, new KeyValuePair<string, object?>("upstream", upstream));

    public void UpstreamFailed(string upstream, int? status) =>
        UpstreamErrors.Add(1, new KeyValuePair<string, object?>("upstream", upstream), new KeyValuePair<string, object?>("status", status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"));

    public void Revalidated(string upstream, bool changed) =>
        Revalidations.Add(1, new KeyValuePair<string, object?>("upstream", upstream), new KeyValuePair<string, object?>("changed", changed));

    private static void Count(string kind, string upstream, CacheOutcome outcome) =>
        Served.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("upstream", upstream),
            new KeyValuePair<string, object?>("outcome", outcome.ToString().ToLowerInvariant()));
}
