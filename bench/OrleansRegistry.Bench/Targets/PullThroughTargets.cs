using OrleansRegistry.Bench.Client;
using OrleansRegistry.Bench.Infrastructure;
using OrleansRegistry.Bench.Workloads;

namespace OrleansRegistry.Bench.Targets;

/// <summary>
/// What workload 9 runs against: an upstream registry (Distribution, filesystem), and two caches of it, each behind
/// its own <see cref="UpstreamLink"/>: ours (embedded, or a cluster of one silo and two gateways) with the upstream
/// under the prefix <c>mirror/</c>, and Distribution in proxy mode, which mirrors one upstream at its root.
/// </summary>
public sealed class PullThroughTargets : IAsyncDisposable
{
    private const string Prefix = "mirror";

    private readonly DistributionTarget _upstream;
    private readonly List<UpstreamLink> _links = [];

    private PullThroughTargets(DistributionTarget upstream)
    {
        _upstream = upstream;
        UpstreamApi = new RegistryApi(upstream.BaseAddress);
    }

    public RegistryApi UpstreamApi { get; }

    public Dictionary<string, PullThroughSite> Sites { get; } = [];

    public RegistryTarget? Ours { get; private set; }

    public RegistryTarget? Baseline { get; private set; }

    public string Description => $"upstream {_upstream.Description} at {_upstream.BaseAddress}; each cache reaches it through a link of its own";

    public static async Task<PullThroughTargets> StartAsync(string root, BenchOptions options, S3Server? s3, RedisServer? redis)
    {
        var upstreamRoot = Directory.CreateDirectory(Path.Combine(root, "upstream")).FullName;
        var targets = new PullThroughTargets(await DistributionTarget.StartAsync(upstreamRoot, 1000));
        try
        {
            var linkA = await targets.LinkAsync(options);
            var settings = new Dictionary<string, string>
            {
                ["Registry:PullThrough:Upstreams:0:Name"] = "upstream",
                ["Registry:PullThrough:Upstreams:0:Url"] = linkA.Address.ToString(),
                ["Registry:PullThrough:Upstreams:0:Prefix"] = Prefix,
            };
            var ours = options.Cluster
                ? await OrleansTarget.StartClusterAsync(root, s3!, redis!, gateways: 2, settings)
                : await OrleansTarget.StartEmbeddedAsync(root, settings);
            targets.Ours = ours;
            targets.Sites[ours.Name] = new PullThroughSite(linkA, Prefix, ours.Gateways, acceptsPushes: true);

            var linkB = await targets.LinkAsync(options);
            var proxyRoot = Directory.CreateDirectory(Path.Combine(root, "proxy")).FullName;
            var baseline = await DistributionTarget.StartAsync(proxyRoot, 1000, proxyOf: linkB.Address);
            targets.Baseline = baseline;
            targets.Sites[baseline.Name] = new PullThroughSite(linkB, "", [baseline.BaseAddress], acceptsPushes: false);
            return targets;
        }
        catch
        {
            foreach (var cache in new[] { targets.Ours, targets.Baseline }.OfType<RegistryTarget>())
            {
                await cache.DisposeAsync();
            }

            await targets.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var site in Sites.Values)
        {
            site.Dispose();
        }

        foreach (var link in _links)
        {
            await link.DisposeAsync();
        }

        UpstreamApi.Dispose();
        await _upstream.DisposeAsync();
    }

    private async Task<UpstreamLink> LinkAsync(BenchOptions options)
    {
        var link = await UpstreamLink.StartAsync(_upstream.BaseAddress, options.UpstreamMebibytesPerSecond);
        _links.Add(link);
        return link;
    }
}
