using System.Collections.Concurrent;
using OrleansRegistry.Bench.Client;
using OrleansRegistry.Bench.Content;
using OrleansRegistry.Bench.Infrastructure;
using OrleansRegistry.Bench.Targets;

namespace OrleansRegistry.Bench.Workloads;

/// <summary>One number a round produced.</summary>
/// <param name="HigherIsBetter">Throughputs are better higher, latencies and memory lower.</param>
public sealed record Measurement(string Metric, string Unit, double Value, bool HigherIsBetter);

/// <summary>A registry under test as a workload sees it: its API client, and state kept between rounds.</summary>
public sealed class TargetSession(RegistryTarget target, BenchOptions options) : IDisposable
{
    public RegistryTarget Target { get; } = target;

    public BenchOptions Options { get; } = options;

    public RegistryApi Api { get; } = new(target.BaseAddress);

    public string Name => Target.Name;

    /// <summary>What a workload's preparation left for its rounds (e.g. the digest of a seeded blob).</summary>
    public ConcurrentDictionary<string, object> State { get; } = new();

    /// <summary>CPU seconds used so far by the registry's own processes (gateway, silo, registry).</summary>
    public double ServerCpuSeconds() => Target.Processes.Sum(p => ProcessCpu.Seconds(p.Pid));

    public void Dispose() => Api.Dispose();
}

/// <summary>A workload mirroring one real use of a registry, run round by round against each registry in turn.</summary>
public abstract class Workload
{
    public abstract int Number { get; }

    public abstract string Title { get; }

    /// <summary>Untimed set-up on one registry (seeding); may return measurements of the set-up itself.</summary>
    public virtual Task<IReadOnlyList<Measurement>> PrepareAsync(TargetSession session) => Task.FromResult<IReadOnlyList<Measurement>>([]);

    /// <summary>Untimed, before a round on a registry (e.g. hashing the round's blob); shared by both registries.</summary>
    public virtual Task BeforeRoundAsync(int round) => Task.CompletedTask;

    public abstract Task<IReadOnlyList<Measurement>> RunAsync(TargetSession session, int round);

    /// <summary>How many rounds the workload runs, where it decides (one per size, say) rather than --rounds.</summary>
    public virtual int? RoundCount => null;

    protected static double MegabytesPerSecond(long bytes, TimeSpan elapsed) => bytes / 1e6 / elapsed.TotalSeconds;

    /// <summary>Server CPU milliseconds per MiB moved: what the registry's processes spent on each MiB.</summary>
    protected static double CpuMsPerMiB(double cpuSeconds, long bytes) => cpuSeconds * 1000 / (bytes / (double)(1 << 20));

    /// <summary>Digests of generated blobs by (seed, length): hashing 1 GiB takes seconds, do it once per round.</summary>
    private static readonly ConcurrentDictionary<(ulong, long), string> Digests = new();

    protected static string DigestOf(BlobContent content, ulong seed) =>
        Digests.GetOrAdd((seed, content.Length), _ => content.Digest());
}

public static class Stats
{
    public static double Median(IReadOnlyList<double> values) => Percentile(values, 50);

    /// <summary>Nearest-rank percentile.</summary>
    public static double Percentile(IReadOnlyList<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        if (percentile == 50 && sorted.Length % 2 == 0)
        {
            return (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }

        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
