using System.Collections.Concurrent;
using System.Diagnostics;

namespace OrleansRegistry.Bench.Workloads;

/// <summary>
/// 4. A CI cache: 8 clients at once each pushing small images (a config and three 4 KiB layers, each blob HEADed
/// first, as clients do, then uploaded in POST, PATCH, PUT; then the manifest by tag), each client to its own
/// repository. Every image of every round is new.
/// </summary>
public sealed class CiCacheWorkload(BenchOptions options) : Workload
{
    private const int LayerCount = 3;

    public override int Number => 4;

    public override string Title =>
        $"CI cache: {options.CiClients} clients each pushing {options.CiImagesPerClient} images (config + {LayerCount} layers of {Size.Describe(options.CiLayerBytes)} + manifest)";

    public override async Task<IReadOnlyList<Measurement>> RunAsync(TargetSession session, int round)
    {
        // Built before the clock starts: the images' bytes and digests are the client's, not the registry's, work.
        var images = Enumerable.Range(0, options.CiClients)
            .Select(client => Enumerable.Range(0, options.CiImagesPerClient)
                .Select(i => SmallImage.Create($"ci r{round} c{client} i{i}", LayerCount, options.CiLayerBytes))
                .ToArray())
            .ToArray();
        var latencies = new ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, options.CiClients).Select(client => Task.Run(async () =>
        {
            for (var i = 0; i < options.CiImagesPerClient; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await images[client][i].PushAsync(session.Api, $"bench/ci-{client}", $"r{round}-{i}");
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })));
        clock.Stop();
        var all = latencies.ToArray();
        return
        [
            new("CI-cache pushes", "images/s", all.Length / clock.Elapsed.TotalSeconds, true),
            new("CI-cache image push p50", "ms", Stats.Percentile(all, 50), false),
            new("CI-cache image push p99", "ms", Stats.Percentile(all, 99), false),
        ];
    }
}
