using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OrleansRegistry.EndToEnd.Tests.Infrastructure;
using OrleansRegistry.TestKit;
using Xunit.Abstractions;

namespace OrleansRegistry.EndToEnd.Tests.PullThrough;

/// <summary>
/// The registry as a pull-through cache of a real upstream: CNCF Distribution with htpasswd, behind a small proxy
/// that counts what the cache asks it and fails the way upstreams do (down, 429, cut mid-blob). Real clients pull
/// through the cache: skopeo by the prefix form, podman through a <c>registries.conf</c> mirror, containerd through a
/// <c>hosts.toml</c> mirror with <c>?ns=</c>, and a Docker daemon, and its BuildKit, through <c>registry-mirrors</c>.
/// </summary>
public sealed class PullThroughTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Prefix = "dist";

    private readonly Clients _clients = new(output);
    private readonly TemporaryDirectory _work = new("e2e-pull-through");
    private DistributionUpstream? _upstream;
    private UpstreamProxy? _proxy;
    private RegistryProcess? _cache;

    private DistributionUpstream Upstream => _upstream!;

    private UpstreamProxy Proxy => _proxy!;

    private RegistryProcess Cache => _cache!;

    public async Task InitializeAsync()
    {
        _upstream = await DistributionUpstream.StartAsync(_clients, _work.Combine("upstream"));
        _proxy = await UpstreamProxy.StartAsync(_upstream.BaseUrl);
    }

    [Fact(Timeout = 300_000)]
    public async Task Skopeo_pulls_through_the_prefix_and_a_second_pull_never_reaches_the_upstream()
    {
        var image = await PushToUpstreamAsync("team/app:v1", "first.txt", "pulled through\n");
        await StartCacheAsync();

        await _clients.SkopeoAsync("copy", "--src-tls-verify=false", $"docker://{Cache.HostPort}/{Prefix}/team/app:v1", $"oci:{_work.Combine("out1")}:v1");
        Assert.Equal(image.Digest, OciLayout.Open(_clients, _work.Combine("out1")).Resolve("v1").Digest);
        var afterFirst = Proxy.Requests.Count;
        Assert.Equal(1, Proxy.Served("GET", "/manifests/v1"));

        await _clients.SkopeoAsync("copy", "--src-tls-verify=false", $"docker://{Cache.HostPort}/{Prefix}/team/app:v1", $"oci:{_work.Combine("out2")}:v1");
        Assert.Equal(image.Digest, OciLayout.Open(_clients, _work.Combine("out2")).Resolve("v1").Digest);
        Assert.Equal(afterFirst, Proxy.Requests.Count);

        // The access log says how each pull was served.
        var cacheColumn = AccessLogCacheColumn();
        Assert.Contains("miss", cacheColumn);
        Assert.Contains("hit", cacheColumn);
    }

    [Fact(Timeout = 300_000)]
    public async Task Push_to_a_cached_namespace_is_refused_with_unsupported_and_a_message()
    {
        await PushToUpstreamAsync("team/app:v1", "push.txt", "refused\n");
        await StartCacheAsync();

        var push = await _clients.TrySkopeoAsync(
            "copy", "--src-tls-verify=false", "--dest-tls-verify=false", "--src-creds", $"{DistributionUpstream.User}:{DistributionUpstream.Password}",
            $"docker://{Upstream.HostPort}/team/app:v1", $"docker://{Cache.HostPort}/{Prefix}/team/mine:v1");
        Assert.NotEqual(0, push.ExitCode);

        using var http = Cache.CreateHttpClient();
        using var refused = await http.PostAsync($"v2/{Prefix}/team/mine/blobs/uploads/", new ByteArrayContent([]));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, refused.StatusCode);
        var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("errors")[0];
        Assert.Equal("UNSUPPORTED", error.GetProperty("code").GetString());
        Assert.Contains("read-only cache", error.GetProperty("message").GetString() + error.GetProperty("detail").ToString());
    }

    [Fact(Timeout = 300_000)]
    public async Task The_local_clients_credentials_never_reach_the_upstream()
    {
        var image = await PushToUpstreamAsync("team/app:v1", "creds.txt", "whose credentials\n");
        await StartCacheAsync();

        using var http = Cache.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/{Prefix}/team/app/manifests/{image.Digest}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("local-user:local-secret"u8.ToArray()));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OciLayout.ManifestMediaType));
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var upstreamCredentials = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{DistributionUpstream.User}:{DistributionUpstream.Password}"));
        Assert.All(Proxy.Requests, r => Assert.True(r.Authorization is "" || r.Authorization == $"Basic {upstreamCredentials}", r.Authorization));
    }

    [Fact(Timeout = 300_000)]
    public async Task Concurrent_pulls_of_an_uncached_manifest_and_blob_cause_one_upstream_fetch_each()
    {
        var layer = TestContent.RandomBytes(8 * 1024 * 1024);
        var image = await PushToUpstreamAsync("team/big:v1", "big.bin", layer);
        var layerDigest = OciLayout.Open(_clients, _work.Combine("src")).Layers(image.Digest).Single().Digest;
        await StartCacheAsync();

        using var http = Cache.CreateHttpClient();
        var manifests = await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/{Prefix}/team/big/manifests/v1");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OciLayout.ManifestMediaType));
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return Digest.Sha256(await response.Content.ReadAsByteArrayAsync());
        }));
        Assert.All(manifests, digest => Assert.Equal(image.Digest, digest));
        Assert.Equal(1, Proxy.Served("GET", "/manifests/v1"));

        var blobs = await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
            Digest.Sha256(await http.GetByteArrayAsync($"v2/{Prefix}/team/big/blobs/{layerDigest}"))));
        Assert.All(blobs, digest => Assert.Equal(layerDigest, digest));
        Assert.Equal(1, Proxy.Served("GET", $"/blobs/{layerDigest}"));

        // A range of the cached blob is served from storage.
        using var ranged = new HttpRequestMessage(HttpMethod.Get, $"v2/{Prefix}/team/big/blobs/{layerDigest}");
        ranged.Headers.Range = new RangeHeaderValue(10, 19);
        using var part = await http.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(10, (await part.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal(1, Proxy.Served("GET", $"/blobs/{layerDigest}"));
    }

    [Fact(Timeout = 300_000)]
    public async Task A_pull_of_a_blob_another_pull_is_fetching_gets_its_bytes_as_they_come_not_once_the_fetch_is_done()
    {
        var layer = TestContent.RandomBytes(8 * 1024 * 1024);
        var image = await PushToUpstreamAsync("team/slow:v1", "slow.bin", layer);
        var layerDigest = OciLayout.Open(_clients, _work.Combine("src")).Layers(image.Digest).Single().Digest;
        var size = OciLayout.Open(_clients, _work.Combine("src")).Layers(image.Digest).Single().Size;
        // The upstream's stall must not outlast the cache's patience with it (5 s in the other specs).
        await StartCacheAsync("--Registry:PullThrough:Upstreams:0:Timeout", "00:01:00");
        Proxy.Mode = ProxyMode.StallBlobs;

        using var http = Cache.CreateHttpClient();
        var fetcher = http.GetByteArrayAsync($"v2/{Prefix}/team/slow/blobs/{layerDigest}");
        await Proxy.BlobHalfSent.WaitAsync(TimeSpan.FromSeconds(60));
        using var joined = await http.GetAsync($"v2/{Prefix}/team/slow/blobs/{layerDigest}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        Assert.Equal(size, joined.Content.Headers.ContentLength);

        // The upstream holds the second half back: all of the first reaches the second client meanwhile.
        await using var body = await joined.Content.ReadAsStreamAsync();
        var received = new byte[size];
        await body.ReadExactlyAsync(received.AsMemory(0, (int)(size / 2))).AsTask().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.False(fetcher.IsCompleted);

        Proxy.ResumeStalledBlobs();
        await body.ReadExactlyAsync(received.AsMemory((int)(size / 2)));
        Assert.Equal(0, await body.ReadAsync(new byte[1]));
        Assert.Equal(layerDigest, Digest.Sha256(received));
        Assert.Equal(layerDigest, Digest.Sha256(await fetcher));
        Assert.Equal(1, Proxy.Served("GET", $"/blobs/{layerDigest}"));
        // The access log's line is written once the response has ended, a moment after the client read its end.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!AccessLogCacheColumn().Contains("joined") && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100);
        }

        Assert.Contains("joined", AccessLogCacheColumn());
    }

    [Fact(Timeout = 300_000)]
    public async Task A_blob_cut_off_mid_transfer_leaves_nothing_visible_and_the_next_pull_gets_it_whole()
    {
        var layer = TestContent.RandomBytes(4 * 1024 * 1024);
        var image = await PushToUpstreamAsync("team/cut:v1", "cut.bin", layer);
        var layerDigest = OciLayout.Open(_clients, _work.Combine("src")).Layers(image.Digest).Single().Digest;
        await StartCacheAsync();

        using var http = Cache.CreateHttpClient();
        Proxy.Mode = ProxyMode.CutBlobs;
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            var bytes = await http.GetByteArrayAsync($"v2/{Prefix}/team/cut/blobs/{layerDigest}");
            // A client that got a body at all must not have got the whole blob.
            Assert.NotEqual(layerDigest, Digest.Sha256(bytes));
        });
        Assert.Empty(Directory.GetDirectories(Cache.DataDirectory, Digest.Hex(layerDigest), SearchOption.AllDirectories));

        Proxy.Mode = ProxyMode.Forward;
        var whole = await http.GetByteArrayAsync($"v2/{Prefix}/team/cut/blobs/{layerDigest}");
        Assert.Equal(layerDigest, Digest.Sha256(whole));
    }

    [Fact(Timeout = 300_000)]
    public async Task A_tag_past_its_ttl_costs_one_head_and_a_tag_moved_upstream_is_fetched_again()
    {
        var first = await PushToUpstreamAsync("team/app:v1", "ttl.txt", "first\n");
        await StartCacheAsync("--Registry:PullThrough:Upstreams:0:ManifestTtl", "00:00:01");
        Assert.Equal(first.Digest, await ManifestDigestAsync("team/app:v1"));
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.Equal(first.Digest, await ManifestDigestAsync("team/app:v1"));
        Assert.Equal(1, Proxy.Served("HEAD", "/manifests/v1"));
        Assert.Equal(1, Proxy.Served("GET", "/manifests/v1"));

        var moved = await PushToUpstreamAsync("team/app:v1", "ttl.txt", "second\n", layout: "src2");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(moved.Digest, await ManifestDigestAsync("team/app:v1"));
        Assert.Equal(2, Proxy.Served("HEAD", "/manifests/v1"));
    }

    [Fact(Timeout = 300_000)]
    public async Task An_upstream_that_is_down_leaves_cached_tags_served_stale_and_uncached_ones_unavailable()
    {
        var image = await PushToUpstreamAsync("team/app:v1", "down.txt", "served stale\n");
        await StartCacheAsync("--Registry:PullThrough:Upstreams:0:ManifestTtl", "00:00:01");
        await _clients.SkopeoAsync("copy", "--src-tls-verify=false", $"docker://{Cache.HostPort}/{Prefix}/team/app:v1", $"oci:{_work.Combine("out1")}:v1");

        Proxy.Mode = ProxyMode.Down;
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await _clients.SkopeoAsync("copy", "--src-tls-verify=false", $"docker://{Cache.HostPort}/{Prefix}/team/app:v1", $"oci:{_work.Combine("out2")}:v1");
        Assert.Equal(image.Digest, OciLayout.Open(_clients, _work.Combine("out2")).Resolve("v1").Digest);
        Assert.Contains("stale", AccessLogCacheColumn());

        var (status, code, retryAfter) = await ManifestFailureAsync("team/app:never");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("UNAVAILABLE", code);
        Assert.NotNull(retryAfter);
    }

    [Fact(Timeout = 300_000)]
    public async Task A_rate_limited_upstream_leaves_cached_tags_served_stale_and_passes_its_retry_after_on()
    {
        var image = await PushToUpstreamAsync("team/app:v1", "limited.txt", "rate limited\n");
        await StartCacheAsync("--Registry:PullThrough:Upstreams:0:ManifestTtl", "00:00:01");
        Assert.Equal(image.Digest, await ManifestDigestAsync("team/app:v1"));

        Proxy.Mode = ProxyMode.RateLimited;
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(image.Digest, await ManifestDigestAsync("team/app:v1"));

        var (status, code, retryAfter) = await ManifestFailureAsync("team/other:v1");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("UNAVAILABLE", code);
        Assert.Equal(TimeSpan.FromSeconds(UpstreamProxy.RetryAfterSeconds), retryAfter);
    }

    [Fact(Timeout = 300_000)]
    public async Task Containerd_pulls_through_a_hosts_toml_mirror_that_routes_by_ns()
    {
        var image = await PushToUpstreamAsync("team/app:v1", "containerd.txt", "mirrored for containerd\n");
        await StartCacheAsync();

        // containerd asks the mirror first and adds ?ns=<the upstream's host>; the upstream itself would want
        // credentials containerd does not have, so a pull that succeeds came from the cache.
        var hosts = _work.Combine("certs.d");
        Directory.CreateDirectory(Path.Combine(hosts, Proxy.HostPort));
        await File.WriteAllTextAsync(Path.Combine(hosts, Proxy.HostPort, "hosts.toml"), $"""
            server = "http://{Proxy.HostPort}"

            [host."http://{Cache.HostPort}"]
              capabilities = ["pull", "resolve"]
            """);
        await using var containerd = await Containerd.StartAsync(_clients, _work.Combine("containerd"));
        await containerd.CtrAsync("images", "pull", "--hosts-dir", hosts, "--snapshotter", "native", $"{Proxy.HostPort}/team/app:v1");
        Assert.Equal(image.Digest, await containerd.ImageDigestAsync($"{Proxy.HostPort}/team/app:v1"));

        using var http = Cache.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Head, $"v2/team/app/manifests/v1?ns={Proxy.HostPort}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OciLayout.ManifestMediaType));
        using var head = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(Proxy.HostPort, head.Headers.GetValues("OCI-Namespace").Single());
    }

    [Fact(Timeout = 300_000)]
    public async Task The_docker_daemon_pulls_through_its_registry_mirror_and_its_buildkit_builds_on_an_image_fetched_the_same_way()
    {
        var pulled = await PushToUpstreamAsync("team/app:v1", "docker.txt", "pulled by dockerd\n");
        var baseImage = await PushToUpstreamAsync("team/base:v1", "base.txt", "built on by BuildKit\n", layout: "src2");
        await StartCacheAsync("--Registry:PullThrough:Upstreams:0:RegistryMirror", "true");
        await using var docker = await DockerDaemon.StartAsync(_clients, _work.Combine("docker"), Cache.HostPort);

        // The daemon asks its mirror for every Docker Hub image (`team/app` is docker.io/team/app) before Docker Hub.
        await docker.DockerAsync("pull", "team/app:v1");
        Assert.Equal(pulled.Digest, await docker.RepoDigestAsync("team/app:v1"));
        Assert.Equal(1, Proxy.Served("GET", "/team/app/manifests/v1"));

        var context = _work.Combine("build");
        Directory.CreateDirectory(context);
        await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"), "FROM team/base:v1\nCOPY note.txt /note.txt\n");
        await File.WriteAllTextAsync(Path.Combine(context, "note.txt"), "added by the build\n");
        await docker.BuildAsync(context, "built:1");
        // BuildKit resolved the base through the mirror and fetched its layer from there to build on it.
        var baseLayer = OciLayout.Open(_clients, _work.Combine("src2")).Layers(baseImage.Digest).Single().Digest;
        Assert.Equal(1, Proxy.Served("GET", "/team/base/manifests/v1"));
        Assert.Equal(1, Proxy.Served("GET", $"/team/base/blobs/{baseLayer}"));
        await docker.DockerAsync("image", "inspect", "built:1");
    }

    [Fact(Timeout = 300_000)]
    public async Task Podman_pulls_through_a_registries_conf_mirror_that_names_the_prefix()
    {
        var image = await PushToUpstreamAsync("team/app:v1", "podman.txt", "mirrored for podman\n");
        await StartCacheAsync();

        // The upstream wants credentials podman does not have: a pull that succeeds came from the mirror.
        var registriesConf = _work.Combine("registries.conf");
        await File.WriteAllTextAsync(registriesConf, $"""
            [[registry]]
            location = "{Proxy.HostPort}"
            insecure = true
            [[registry.mirror]]
            location = "{Cache.HostPort}/{Prefix}"
            insecure = true
            """);
        using var podman = ContainerStorage.ForPodman(_clients);
        var environment = new Dictionary<string, string> { ["CONTAINERS_REGISTRIES_CONF"] = registriesConf };
        await podman.RunAsync(environment, "pull", $"{Proxy.HostPort}/team/app:v1");
        var pulled = (await podman.RunAsync(environment, "image", "inspect", "--format", "{{.Digest}}", $"{Proxy.HostPort}/team/app:v1")).StandardOutput.Trim();
        Assert.Equal(image.Digest, pulled);
    }

    public async Task DisposeAsync()
    {
        if (_cache is not null)
        {
            output.WriteLine(_cache.LogTail(60));
            await _cache.DisposeAsync();
        }

        output.WriteLine(string.Join('\n', _proxy?.Requests.Select(r => r.ToString()) ?? []));
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }

        if (_upstream is not null)
        {
            await _upstream.DisposeAsync();
        }

        _work.Dispose();
    }

    private Task<OciDescriptor> PushToUpstreamAsync(string repositoryAndTag, string fileName, string content, string layout = "src") =>
        PushToUpstreamAsync(repositoryAndTag, fileName, TestContent.Utf8(content), layout);

    private async Task<OciDescriptor> PushToUpstreamAsync(string repositoryAndTag, string fileName, byte[] content, string layout = "src")
    {
        var oci = await OciLayout.CreateAsync(_clients, _work.Combine(layout));
        var image = await oci.AddImageAsync("v1", "amd64", new Dictionary<string, string>
        {
            ["/" + fileName] = TestContent.WriteFile(_work.Combine("files-" + layout), fileName, content),
        });
        await Upstream.PushAsync(_clients, oci.Reference("v1"), repositoryAndTag);
        return image;
    }

    /// <summary>The cache, its one upstream the proxy in front of Distribution, with Distribution's credentials.</summary>
    private async Task StartCacheAsync(params string[] settings)
    {
        _cache = new RegistryProcess(
        [
            "--Registry:PullThrough:Upstreams:0:Name", "distribution",
            "--Registry:PullThrough:Upstreams:0:Url", Proxy.BaseUrl.ToString(),
            "--Registry:PullThrough:Upstreams:0:Prefix", Prefix,
            "--Registry:PullThrough:Upstreams:0:Username", DistributionUpstream.User,
            "--Registry:PullThrough:Upstreams:0:Password", DistributionUpstream.Password,
            "--Registry:PullThrough:Upstreams:0:Timeout", "00:00:05",
            "--Logging:LogLevel:Microsoft.AspNetCore.HttpLogging", "Information",
            "--Logging:Console:FormatterName", "json",
            .. settings,
        ]);
        await _cache.StartAsync();
    }

    private async Task<string> ManifestDigestAsync(string repositoryAndTag)
    {
        var raw = await _clients.SkopeoAsync("inspect", "--raw", "--tls-verify=false", $"docker://{Cache.HostPort}/{Prefix}/{repositoryAndTag}");
        return Digest.Sha256(raw.StandardOutputBytes);
    }

    private async Task<(HttpStatusCode Status, string? Code, TimeSpan? RetryAfter)> ManifestFailureAsync(string repositoryAndTag)
    {
        var (repository, tag) = (repositoryAndTag[..repositoryAndTag.LastIndexOf(':')], repositoryAndTag[(repositoryAndTag.LastIndexOf(':') + 1)..]);
        using var http = Cache.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/{Prefix}/{repository}/manifests/{tag}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OciLayout.ManifestMediaType));
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var code = response.IsSuccessStatusCode ? null : JsonDocument.Parse(body).RootElement.GetProperty("errors")[0].GetProperty("code").GetString();
        return (response.StatusCode, code, response.Headers.RetryAfter?.Delta);
    }

    /// <summary>The <c>Cache</c> column of the access log's entries (JSON lines), where a request had one.</summary>
    private List<string> AccessLogCacheColumn()
    {
        using var stream = new FileStream(Cache.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd().Split('\n')
            .Where(l => l.StartsWith('{') && l.Contains("Microsoft.AspNetCore.HttpLogging", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("State"))
            .Where(state => state.TryGetProperty("Cache", out _))
            .Select(state => state.GetProperty("Cache").GetString()!)
            .ToList();
    }
}
