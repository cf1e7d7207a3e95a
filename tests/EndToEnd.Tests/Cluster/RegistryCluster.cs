using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using OrleansRegistry.EndToEnd.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.EndToEnd.Tests.Cluster;

/// <summary>
/// A registry cluster of real processes on this host, as docs/deployment.md runs one by hand: redis-server,
/// an S3 server (Ceph RGW, by scripts/s3-server.sh), two silos and two gateways in cluster mode.
/// </summary>
public sealed class RegistryCluster : IAsyncLifetime
{
    public const int Size = 2;

    /// <summary>This gateway answers blob GETs with a redirect to S3; the other streams them.</summary>
    public const int RedirectingGateway = 1;

    /// <summary>How often gateways re-read the list of silos (Registry:Cluster:GatewayListRefreshPeriod, by default).</summary>
    private static readonly TimeSpan GatewayListRefreshPeriod = TimeSpan.FromSeconds(5);

    private readonly TemporaryDirectory _root = new TemporaryDirectory("orreg-cluster");
    private readonly Dictionary<string, string> _s3Environment = new();
    private readonly List<ChildProcess> _silos = [];
    private readonly List<int> _siloPorts = [];
    private readonly List<int> _siloHttpPorts = [];
    private readonly List<ClusterGateway> _gateways = [];
    private ChildProcess? _redis;
    private int _redisPort;

    public IReadOnlyList<ClusterGateway> Gateways => _gateways;

    /// <summary>
    /// The gateways cache an upstream at this loopback port under <see cref="PullThroughPrefix"/>; nothing listens
    /// there until a pull-through test starts its upstream on it.
    /// </summary>
    public int PullThroughUpstreamPort { get; } = LoopbackPort.Free();

    public const string PullThroughPrefix = "upstream";

    /// <summary>How long the silos hold off deleting bytes announced for a commit (Registry:Collection:CommitLease).</summary>
    public static readonly TimeSpan CommitLease = TimeSpan.FromSeconds(2);

    /// <summary>How many tags repositories under <c>ci/</c> keep (Registry:Retention:Policies).</summary>
    public const int CacheKeepLast = 2;

    /// <summary>How many tags repositories under <c>quota/</c> may have (Registry:Quotas:Limits).</summary>
    public const int QuotaTags = 1;

    /// <summary>The bucket the cluster keeps its blobs in.</summary>
    public const string Bucket = "registry";

    /// <summary>The S3 server's endpoint, for another program to share the bucket (keys minioadmin/minioadmin).</summary>
    public string S3ServiceUrl => $"http://127.0.0.1:{_s3Environment["S3_PORT"]}";

    public async Task InitializeAsync()
    {
        var redisPort = _redisPort = LoopbackPort.Free();
        _redis = new ChildProcess("redis", ToolLocator.Require("redis-server"),
            ["--port", redisPort.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _root.Path],
            new Dictionary<string, string>(), _root.Combine("redis.log"));
        _redis.Start();

        var s3Port = LoopbackPort.Free();
        _s3Environment["S3_PORT"] = s3Port.ToString();
        _s3Environment["MON_PORT"] = LoopbackPort.Free().ToString();
        _s3Environment["CEPH_DIR"] = _root.Combine("ceph");
        await Cli.RunAsync("bash", [Path.Combine(RepositoryRoot.Path, "scripts", "s3-server.sh"), "start"], environment: _s3Environment);

        var shared = new Dictionary<string, string>
        {
            ["Registry__Cluster__Redis"] = $"127.0.0.1:{redisPort}",
            ["Registry__Cluster__ClusterId"] = "e2e",
            ["Registry__Storage__Kind"] = "S3",
            ["Registry__Storage__S3__ServiceUrl"] = S3ServiceUrl,
            ["Registry__Storage__S3__Bucket"] = Bucket,
            ["Registry__Storage__S3__AccessKey"] = "minioadmin",
            ["Registry__Storage__S3__SecretKey"] = "minioadmin",
            // S3's smallest part rather than the default 16 MiB: blobs of a few MiB then span several parts and a
            // tail, the paths a crash in the middle of a chunk must leave consistent.
            ["Registry__Storage__S3__PartSize"] = (5 * 1024 * 1024).ToString(),
        };
        for (var i = 0; i < Size; i++)
        {
            _siloPorts.Add(LoopbackPort.Free());
            _siloHttpPorts.Add(LoopbackPort.Free());
            var silo = new Dictionary<string, string>(shared)
            {
                ["Registry__Cluster__AdvertisedAddress"] = "127.0.0.1",
                ["Registry__Cluster__SiloPort"] = _siloPorts[i].ToString(),
                ["Registry__Cluster__GatewayPort"] = LoopbackPort.Free().ToString(),
                // Collections run when a test asks, and take at once what nothing references; a commit announced
                // to a blob still holds it longer than any commit and link of a test takes.
                ["Registry__Collection__Enabled"] = "false",
                ["Registry__Collection__GracePeriod"] = "00:00:00",
                ["Registry__Collection__ExistenceLease"] = "00:00:00",
                ["Registry__Collection__CommitLease"] = CommitLease.ToString(),
                // A CI cache's policy over ci/**: the last CacheKeepLast tags, untagged manifests collected at once.
                ["Registry__Retention__Enabled"] = "false",
                ["Registry__Retention__Policies__0__Repositories"] = "ci/**",
                ["Registry__Retention__Policies__0__KeepLast"] = CacheKeepLast.ToString(),
                ["Registry__Retention__Policies__0__UntaggedManifestAge"] = "00:00:00",
                ["Registry__Quotas__Limits__0__Repositories"] = "quota/**",
                ["Registry__Quotas__Limits__0__MaxTags"] = QuotaTags.ToString(),
            };
            _silos.Add(new ChildProcess($"silo{i}", ToolLocator.Require("dotnet"),
                [RepositoryRoot.BuiltHost("Silo"), "--urls", $"http://127.0.0.1:{_siloHttpPorts[i]}"], silo, _root.Combine($"silo{i}.log")));
        }

        for (var i = 0; i < Size; i++)
        {
            var port = LoopbackPort.Free();
            var gateway = new Dictionary<string, string>(shared)
            {
                ["Registry__PullThrough__Upstreams__0__Name"] = "e2e",
                ["Registry__PullThrough__Upstreams__0__Url"] = $"http://127.0.0.1:{PullThroughUpstreamPort}",
                ["Registry__PullThrough__Upstreams__0__Prefix"] = PullThroughPrefix,
                ["Registry__PullThrough__Upstreams__0__Username"] = PullThrough.DistributionUpstream.User,
                ["Registry__PullThrough__Upstreams__0__Password"] = PullThrough.DistributionUpstream.Password,
                ["Registry__PullThrough__PeerUrl"] = $"http://127.0.0.1:{port}",
            };
            if (i == RedirectingGateway)
            {
                gateway["Registry__Storage__S3__RedirectDownloads"] = "true";
            }

            var process = new ChildProcess($"gateway{i}", ToolLocator.Require("dotnet"),
                [RepositoryRoot.BuiltHost("Gateway"), "--urls", $"http://127.0.0.1:{port}"], gateway, _root.Combine($"gateway{i}.log"));
            _gateways.Add(new ClusterGateway(process, port));
        }

        await StartAllAsync();
    }

    internal ChildProcess Silo(int index) => _silos[index];

    /// <summary>
    /// The bytes of every blob in the bucket, as S3's own listing counts them (ListObjectsV2, page by page; curl signs
    /// the request, and the query must be percent-encoded as SigV4 signs it).
    /// </summary>
    public async Task<long> BucketBlobBytesAsync()
    {
        XNamespace s3 = "http://s3.amazonaws.com/doc/2006-03-01/";
        long total = 0;
        string? continuation = null;
        do
        {
            var query = "list-type=2&prefix=" + Uri.EscapeDataString("docker/registry/v2/blobs/") + (continuation is null ? "" : "&continuation-token=" + Uri.EscapeDataString(continuation));
            var listing = await Cli.RunAsync("curl", [
                "-sSf", "--aws-sigv4", "aws:amz:us-east-1:s3", "--user", "minioadmin:minioadmin",
                "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD", $"http://127.0.0.1:{_s3Environment["S3_PORT"]}/registry?{query}"]);
            var page = XDocument.Parse(listing.StandardOutput).Root!;
            total += page.Elements(s3 + "Contents").Sum(item => long.Parse(item.Element(s3 + "Size")!.Value));
            continuation = page.Element(s3 + "IsTruncated")?.Value == "true" ? page.Element(s3 + "NextContinuationToken")?.Value : null;
        }
        while (continuation is not null);

        return total;
    }

    /// <summary>The HTTP port of a silo: health, readiness, metrics and the cluster's silos.</summary>
    public HttpClient CreateSiloHttpClient(int index) =>
        new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://127.0.0.1:{_siloHttpPorts[index]}/"), Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The sum over the running silos of a counter on their <c>/metrics</c>, for the series with this label.</summary>
    public async Task<double> SiloCounterAsync(string name, string label, string value)
    {
        double sum = 0;
        for (var i = 0; i < Size; i++)
        {
            if (!_silos[i].IsRunning)
            {
                continue;
            }

            using var http = CreateSiloHttpClient(i);
            var metrics = await http.GetStringAsync("metrics");
            sum += metrics.Split('\n')
                .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) && line.Contains($"{label}=\"{value}\"", StringComparison.Ordinal))
                .Sum(line => double.Parse(line[(line.IndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
        }

        return sum;
    }

    /// <summary>
    /// The status Redis membership gives the newest silo on this silo's port, as docs/deployment.md tells an
    /// operator to read it: the hash <c>&lt;ServiceId&gt;/members/&lt;ClusterId&gt;</c>, 3 for Active.
    /// </summary>
    public async Task<int?> RedisMembershipStatusAsync(int index)
    {
        var members = await Cli.RunAsync("redis-cli", ["-p", _redisPort.ToString(), "--raw", "hvals", "orleans-registry/members/e2e"]);
        return members.StandardOutput.Split('\n')
            .Where(line => line.StartsWith('{'))
            .Select(line => JsonNode.Parse(line)!)
            .Select(entry => (Address: entry["SiloAddress"]?["SiloAddress"]?.GetValue<string>() ?? "", Status: entry["Status"]?.GetValue<int>()))
            .Where(entry => entry.Address.StartsWith($"127.0.0.1:{_siloPorts[index]}@", StringComparison.Ordinal))
            .MaxBy(entry => long.Parse(entry.Address[(entry.Address.IndexOf('@') + 1)..]))
            .Status;
    }

    /// <summary>
    /// Starts every silo (but <paramref name="absentSilo"/>) and gateway that is not running, and waits until every
    /// running silo is ready and every gateway serves a grain call.
    /// </summary>
    public async Task StartAllAsync(int? absentSilo = null)
    {
        foreach (var silo in _silos.Where((s, index) => !s.IsRunning && index != absentSilo))
        {
            silo.Start();
        }

        foreach (var gateway in _gateways.Where(g => !g.Process.IsRunning))
        {
            gateway.Process.Start();
        }

        // A gateway serves as soon as one silo is up; a test that reads every silo's /metrics next needs them all.
        for (var i = 0; i < Size; i++)
        {
            if (_silos[i].IsRunning)
            {
                await WaitUntilReadyAsync(i);
            }
        }

        foreach (var gateway in _gateways)
        {
            await WaitUntilServingAsync(gateway);
        }
    }

    /// <summary>
    /// Starts a silo and waits until it is ready (<c>/readyz</c>: Active in the cluster, its stores answer) and the
    /// gateways have had time to learn of it, so that a test may crash the other silo next without taking the whole
    /// cluster down.
    /// </summary>
    public async Task StartSiloAsync(int index)
    {
        _silos[index].Start();
        await WaitUntilReadyAsync(index);
        await Task.Delay(GatewayListRefreshPeriod + TimeSpan.FromSeconds(1));
    }

    public async Task StartGatewayAsync(int index)
    {
        _gateways[index].Process.Start();
        await WaitUntilServingAsync(_gateways[index]);
    }

    /// <summary>Redis hangs (SIGSTOP) until the returned scope ends; no data is lost.</summary>
    public IDisposable FreezeRedis() => _redis!.Freeze();

    /// <summary>Every silo and gateway crashes at once; Redis and S3 keep their data.</summary>
    public async Task KillAllAsync()
    {
        foreach (var process in _gateways.Select(g => g.Process).Concat(_silos))
        {
            await process.KillAsync();
        }
    }

    public string Logs() =>
        string.Join("\n", _silos.Concat(_gateways.Select(g => g.Process)).Select(p => p.LogTail(40)));

    public async Task DisposeAsync()
    {
        foreach (var process in _gateways.Select(g => g.Process).Concat(_silos))
        {
            await process.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        await Cli.TryRunAsync("bash", [Path.Combine(RepositoryRoot.Path, "scripts", "s3-server.sh"), "stop"], environment: _s3Environment);
        _root.Dispose();
    }

    private async Task WaitUntilServingAsync(ClusterGateway gateway)
    {
        using var http = gateway.CreateHttpClient();
        http.Timeout = TimeSpan.FromSeconds(10);
        // The catalog is served by a grain: it answers only once the gateway reaches a live silo (/v2/ answers
        // as soon as the gateway listens, and after a crash of the whole cluster that is sooner).
        const string probe = "v2/_catalog";
        var clock = Stopwatch.StartNew();
        var last = "no attempt yet";
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            gateway.Process.ThrowIfExited();
            foreach (var silo in _silos.Where(s => s.IsRunning))
            {
                silo.ThrowIfExited();
            }

            try
            {
                using var response = await http.GetAsync(probe);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{probe} answered {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{gateway.Process.Name} did not serve {probe} within 90 s (last: {last}).\n{Logs()}");
    }

    private async Task WaitUntilReadyAsync(int index)
    {
        using var http = CreateSiloHttpClient(index);
        var clock = Stopwatch.StartNew();
        while (!await IsReadyAsync(http))
        {
            _silos[index].ThrowIfExited();
            if (clock.Elapsed > TimeSpan.FromSeconds(90))
            {
                throw new TimeoutException($"{_silos[index].Name} was not ready within 90 s.\n{Logs()}");
            }

            await Task.Delay(250);
        }
    }

    private static async Task<bool> IsReadyAsync(HttpClient silo)
    {
        try
        {
            using var response = await silo.GetAsync("readyz");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}
