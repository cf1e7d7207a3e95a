using System.Diagnostics;
using OrleansRegistry.Bench.Client;
using OrleansRegistry.Bench.Infrastructure;

namespace OrleansRegistry.Bench.Workloads;

/// <summary>
/// How a registry under test caches the benchmark's upstream: the link it fetches through, the name under which the
/// upstream's repositories appear in it, its gateways, and whether images can also be pushed to it.
/// </summary>
public sealed class PullThroughSite(UpstreamLink link, string prefix, IReadOnlyList<Uri> gateways, bool acceptsPushes) : IDisposable
{
    public UpstreamLink Link { get; } = link;

    public IReadOnlyList<RegistryApi> Gateways { get; } = gateways.Select(g => new RegistryApi(g)).ToList();

    public bool AcceptsPushes { get; } = acceptsPushes;

    public string Cached(string upstreamRepository) => prefix.Length == 0 ? upstreamRepository : $"{prefix}/{upstreamRepository}";

    public void Dispose()
    {
        foreach (var gateway in Gateways)
        {
            gateway.Dispose();
        }
    }
}

/// <summary>
/// 9. A CI cache in front of Docker Hub: images are pushed to a real upstream registry (Distribution) and pulled
/// through each cache, which reaches the upstream only through its own <see cref="UpstreamLink"/>. Per round: a cold
/// pull by one client, warm pulls (hits) against pulls of the same image pushed to the cache directly, then many
/// clients pulling another uncached image at once, spread over the gateways.
/// </summary>
public sealed class PullThroughWorkload(BenchOptions options, RegistryApi upstream, IReadOnlyDictionary<string, PullThroughSite> sites) : Workload
{
    private const int Layers = 4;
    private const int Repeats = 3;

    private SmallImage? _cold;
    private SmallImage? _burst;

    public override int Number => 9;

    public override string Title =>
        $"pull-through cache: {Size.Describe(options.PullThroughImageBytes)} image in {Layers} layers, upstream link "
        + (options.UpstreamMebibytesPerSecond is { } rate ? $"{rate:0} MiB/s shared" : "unlimited (loopback)")
        + $", {options.PullThroughClients} concurrent clients over every gateway";

    public override async Task<IReadOnlyList<Measurement>> PrepareAsync(TargetSession session)
    {
        // JIT, connection pools and first activations on both sides of the cache, with an image of its own.
        var warmup = SmallImage.Create("pull-through warm-up", 2, 1 << 20);
        await warmup.PushAsync(upstream, "bench/warmup", "latest");
        var site = sites[session.Name];
        foreach (var gateway in site.Gateways)
        {
            await PullAsync(gateway, site.Cached("bench/warmup"), "latest", warmup);
            await PullAsync(gateway, site.Cached("bench/warmup"), "latest", warmup);
        }

        return [];
    }

    public override async Task BeforeRoundAsync(int round)
    {
        var layerBytes = (int)(options.PullThroughImageBytes / Layers);
        _cold = SmallImage.Create($"pull-through cold {round}", Layers, layerBytes);
        _burst = SmallImage.Create($"pull-through burst {round}", Layers, layerBytes);
        await _cold.PushAsync(upstream, $"bench/cold{round}", "latest");
        await _burst.PushAsync(upstream, $"bench/burst{round}", "latest");
    }

    public override async Task<IReadOnlyList<Measurement>> RunAsync(TargetSession session, int round)
    {
        var site = sites[session.Name];
        var first = site.Gateways[0];
        var cold = _cold!;
        var burst = _burst!;
        var measurements = new List<Measurement>();

        var bytesBefore = site.Link.Bytes;
        var coldPull = await TimeAsync(() => PullAsync(first, site.Cached($"bench/cold{round}"), "latest", cold));
        measurements.Add(new("cold pull, one client", "s", coldPull.TotalSeconds, false));
        measurements.Add(new("cold pull: fetched from upstream", "MiB", (site.Link.Bytes - bytesBefore) / 1048576.0, false));

        // Hits and local pulls alternate, so that a disturbance of the machine hits both alike.
        var local = $"bench/local{round}";
        if (site.AcceptsPushes)
        {
            await cold.PushAsync(first, local, "latest");
        }

        var hits = new List<double>();
        var locals = new List<double>();
        for (var i = 0; i < Repeats; i++)
        {
            hits.Add((await TimeAsync(() => PullAsync(first, site.Cached($"bench/cold{round}"), "latest", cold))).TotalSeconds);
            if (site.AcceptsPushes)
            {
                locals.Add((await TimeAsync(() => PullAsync(first, local, "latest", cold))).TotalSeconds);
            }
        }

        measurements.Add(new("warm pull (cache hit), median of 3", "s", Stats.Median(hits), false));
        if (locals.Count > 0)
        {
            measurements.Add(new("pull of the same image pushed locally, median of 3", "s", Stats.Median(locals), false));
            measurements.Add(new("warm pull / local pull", "x", Stats.Median(hits) / Stats.Median(locals), false));
        }

        bytesBefore = site.Link.Bytes;
        var clients = options.PullThroughClients;
        var burstPull = await TimeAsync(() => Task.WhenAll(Enumerable.Range(0, clients)
            .Select(i => PullAsync(site.Gateways[i % site.Gateways.Count], site.Cached($"bench/burst{round}"), "latest", burst))));
        var digests = burst.LayerDigests.Append(burst.ConfigDigest).ToList();
        measurements.Add(new($"{clients} concurrent cold pulls", "s", burstPull.TotalSeconds, false));
        measurements.Add(new($"{clients} concurrent / one cold pull", "x", burstPull / coldPull, false));
        measurements.Add(new($"{clients} concurrent: upstream fetches of each blob (most)", "GETs",
            digests.Max(d => site.Link.BlobGets.GetValueOrDefault(d)), false));
        measurements.Add(new($"{clients} concurrent: fetched from upstream", "MiB", (site.Link.Bytes - bytesBefore) / 1048576.0, false));
        return measurements;
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> pull)
    {
        var clock = Stopwatch.StartNew();
        await pull();
        return clock.Elapsed;
    }

    /// <summary>A pull as a client does it: the manifest by tag, then the config and every layer at once.</summary>
    private static async Task PullAsync(RegistryApi api, string repository, string tag, SmallImage image)
    {
        await api.GetManifestAsync(repository, tag);
        var blobs = image.Layers.Select((layer, i) => (Digest: image.LayerDigests[i], Length: (long)layer.Length))
            .Append((Digest: image.ConfigDigest, Length: image.Config.Length));
        await Task.WhenAll(blobs.Select(async blob =>
        {
            var received = await api.GetBlobAsync(repository, blob.Digest, null, new byte[256 * 1024], null);
            if (received != blob.Length)
            {
                throw new InvalidOperationException($"{repository}@{blob.Digest}: {received} bytes received, {blob.Length} expected");
            }
        }));
    }
}
