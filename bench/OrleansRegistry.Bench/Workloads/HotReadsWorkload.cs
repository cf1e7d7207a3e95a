using System.Diagnostics;

namespace OrleansRegistry.Bench.Workloads;

/// <summary>
/// 5. The requests a fleet of pulls repeats: manifest GET by tag (with the six Accept lines of containers/image) and
/// blob HEAD, each by 32 concurrent clients for a fixed time.
/// </summary>
public sealed class HotReadsWorkload(BenchOptions options) : Workload
{
    private const string Repository = "bench/hot";
    private const string Tag = "latest";

    public override int Number => 5;

    public override string Title =>
        $"manifest GET by tag and blob HEAD, {options.HotConcurrency} concurrent clients, {options.HotDuration.TotalSeconds:0.#} s each";

    public override async Task<IReadOnlyList<Measurement>> PrepareAsync(TargetSession session)
    {
        var image = SmallImage.Create("hot", 2, options.CiLayerBytes);
        await image.PushAsync(session.Api, Repository, Tag);
        session.State["hot-layer"] = image.LayerDigests[0];
        return [];
    }

    public override async Task<IReadOnlyList<Measurement>> RunAsync(TargetSession session, int round)
    {
        var layer = (string)session.State["hot-layer"];
        var (manifestRate, manifestP99) = await HammerAsync(() => session.Api.GetManifestAsync(Repository, Tag));
        var (headRate, headP99) = await HammerAsync(async () =>
        {
            if (!await session.Api.BlobExistsAsync(Repository, layer))
            {
                throw new InvalidOperationException("HEAD of a pushed blob answered 404");
            }
        });
        return
        [
            new("manifest GET by tag", "req/s", manifestRate, true),
            new("manifest GET p99", "ms", manifestP99, false),
            new("blob HEAD", "req/s", headRate, true),
            new("blob HEAD p99", "ms", headP99, false),
        ];
    }

    /// <summary>Runs <paramref name="request"/> from N concurrent loops for the set time; returns (requests/s, p99 ms).</summary>
    private async Task<(double Rate, double P99)> HammerAsync(Func<Task> request)
    {
        // A short untimed burst first: connections open, both servers warm.
        await RunLoopsAsync(request, TimeSpan.FromMilliseconds(300), null);
        var latencies = new List<double>[options.HotConcurrency];
        var clock = Stopwatch.StartNew();
        await RunLoopsAsync(request, options.HotDuration, latencies);
        clock.Stop();
        var all = latencies.SelectMany(l => l).ToArray();
        return (all.Length / clock.Elapsed.TotalSeconds, Stats.Percentile(all, 99));
    }

    private Task RunLoopsAsync(Func<Task> request, TimeSpan duration, List<double>[]? latencies) =>
        Task.WhenAll(Enumerable.Range(0, options.HotConcurrency).Select(loop => Task.Run(async () =>
        {
            var own = new List<double>(4096);
            var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < end)
            {
                var started = Stopwatch.GetTimestamp();
                await request();
                own.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            if (latencies is not null)
            {
                latencies[loop] = own;
            }
        })));
}
