using System.Security.Cryptography;
using OrleansRegistry.EndToEnd.Tests.Infrastructure;
using OrleansRegistry.TestKit;
using Xunit.Abstractions;

namespace OrleansRegistry.EndToEnd.Tests.PullThrough;

/// <summary>
/// An upstream that authenticates the way Docker Hub, GHCR and Quay do: <c>401</c> with
/// <c>Bearer realm=…,service=…,scope=…</c>, a token from the realm for Basic credentials. The upstream is an
/// instance of this registry with its token endpoint; the realm it names is the counting proxy, so the test sees
/// every token request.
/// </summary>
public sealed class TokenUpstreamTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Password = "e2e-Passw0rd";

    private readonly Clients _clients = new(output);
    private readonly TemporaryDirectory _work = new("e2e-token-upstream");
    private readonly List<IAsyncDisposable> _started = [];

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact(Timeout = 300_000)]
    public async Task Skopeo_pulls_through_a_bearer_challenge_with_one_token_request_per_scope()
    {
        var proxyPort = LoopbackPort.Free();
        var upstream = await StartUpstreamAsync($"http://127.0.0.1:{proxyPort}/auth/token");
        var proxy = await UpstreamProxy.StartAsync(upstream.BaseUrl, proxyPort);
        _started.Add(proxy);

        var layout = await OciLayout.CreateAsync(_clients, _work.Combine("src"));
        var image = await layout.AddImageAsync("v1", "amd64", new Dictionary<string, string>
        {
            ["/a.txt"] = TestContent.WriteFile(_work.Combine("files"), "a.txt", "first layer\n"),
            ["/b.bin"] = TestContent.WriteFile(_work.Combine("files"), "b.bin", TestContent.RandomBytes(256 * 1024)),
        });
        await _clients.SkopeoAsync("copy", "--dest-tls-verify=false", "--dest-creds", $"alice:{Password}", layout.Reference("v1"), $"docker://{upstream.HostPort}/team/app:v1");

        // skopeo's push asked the realm (the proxy) for its own token: only the cache's count from here on.
        var tokensBefore = proxy.Served("GET", "/auth/token");
        var cache = new RegistryProcess(
        [
            "--Registry:PullThrough:Upstreams:0:Name", "tokens",
            "--Registry:PullThrough:Upstreams:0:Url", proxy.BaseUrl.ToString(),
            "--Registry:PullThrough:Upstreams:0:Prefix", "mirror",
            "--Registry:PullThrough:Upstreams:0:Username", "alice",
            "--Registry:PullThrough:Upstreams:0:Password", Password,
        ]);
        _started.Add(cache);
        await cache.StartAsync();

        await _clients.SkopeoAsync("copy", "--src-tls-verify=false", $"docker://{cache.HostPort}/mirror/team/app:v1", $"oci:{_work.Combine("out")}:v1");
        Assert.Equal(image.Digest, OciLayout.Open(_clients, _work.Combine("out")).Resolve("v1").Digest);

        output.WriteLine(string.Join('\n', proxy.Requests));
        // The manifest, the config and two layers went upstream with one token.
        Assert.Equal(tokensBefore + 1, proxy.Served("GET", "/auth/token"));
        Assert.Equal(4, proxy.Requests.Count(r => r.Status == 200 && r.Path.StartsWith("/v2/team/app/", StringComparison.Ordinal)));
    }

    public async Task DisposeAsync()
    {
        foreach (var started in Enumerable.Reverse(_started))
        {
            await started.DisposeAsync();
        }

        _work.Dispose();
    }

    private async Task<RegistryProcess> StartUpstreamAsync(string realm)
    {
        using var key = RSA.Create(2048);
        var keyFile = _work.Combine("signing.pem");
        await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());
        var htpasswd = _work.Combine("htpasswd");
        await _clients.RunAsync("htpasswd", ["-B", "-b", "-c", htpasswd, "alice", Password]);
        var upstream = new RegistryProcess(
        [
            "--Registry:Auth:Kind", "Token",
            "--Registry:Auth:Token:Issuer", "e2e-issuer",
            "--Registry:Auth:Token:SigningKeyFile", keyFile,
            "--Registry:Auth:Token:Realm", realm,
            "--Registry:Auth:HtpasswdFile", htpasswd,
            "--Registry:Auth:Rules:0:Repository", "team/*",
            "--Registry:Auth:Rules:0:Users:0", "alice",
            "--Registry:Auth:Rules:0:Actions:0", "pull",
            "--Registry:Auth:Rules:0:Actions:1", "push",
        ]);
        _started.Add(upstream);
        await upstream.StartAsync();
        return upstream;
    }
}
