using System.Net;
using System.Net.Http.Headers;
using OrleansRegistry.Core.Manifests;
using OrleansRegistry.Core.Naming;
using static OrleansRegistry.Upstream.Tests.Settings;

namespace OrleansRegistry.Upstream.Tests;

/// <summary>
/// How the upstream client speaks to a registry, against a scripted one: the Bearer challenge and its token, Basic
/// credentials, Retry-After. The real registries are in tests/EndToEnd.Tests/PullThrough.
/// </summary>
public sealed class UpstreamClientTests
{
    private static readonly ManifestReference Latest = ManifestReference.ForTag(Tag.Parse("latest"));

    [Fact]
    public async Task A_bearer_challenge_is_answered_with_a_token_for_the_repositorys_pull_scope()
    {
        var upstream = new ScriptedRegistry(request => request.RequestUri!.AbsolutePath switch
        {
            "/token" => Json("""{"token":"t-1","expires_in":300}"""),
            _ when request.Headers.Authorization?.ToString() == "Bearer t-1" => Manifest(),
            _ => Challenge("Bearer realm=\"https://upstream.test/token\",service=\"upstream.test\",scope=\"repository:alpine:pull\""),
        });
        var client = upstream.Client();
        var repository = Repository(Anonymous());

        await client.HeadManifestAsync(repository, Latest, CancellationToken.None);
        await client.HeadManifestAsync(repository, Latest, CancellationToken.None);

        var token = Assert.Single(upstream.Requests, r => r.RequestUri!.AbsolutePath == "/token");
        Assert.Equal("?service=upstream.test&scope=repository%3Aalpine%3Apull", token.RequestUri!.Query);
        Assert.Null(token.Headers.Authorization);
        // The second request carried the token from the start: no second challenge.
        Assert.Equal(1, upstream.Requests.Count(r => r.Headers.Authorization is null && r.RequestUri!.AbsolutePath != "/token"));
    }

    [Fact]
    public async Task The_token_server_gets_the_configured_user_as_basic_credentials()
    {
        var upstream = new ScriptedRegistry(request => request.RequestUri!.AbsolutePath switch
        {
            "/token" when request.Headers.Authorization?.Scheme == "Basic" => Json("""{"access_token":"t-2"}"""),
            "/token" => new HttpResponseMessage(HttpStatusCode.Unauthorized),
            _ when request.Headers.Authorization?.ToString() == "Bearer t-2" => Manifest(),
            _ => Challenge("Bearer realm=\"https://upstream.test/token\",service=\"upstream.test\""),
        });

        var head = await upstream.Client().HeadManifestAsync(Repository(("Username", "me"), ("Password", "secret")), Latest, CancellationToken.None);

        Assert.Equal("application/vnd.oci.image.manifest.v1+json", head.MediaType);
    }

    [Fact]
    public async Task A_basic_challenge_is_answered_with_the_configured_credentials()
    {
        var upstream = new ScriptedRegistry(request => request.Headers.Authorization?.Scheme == "Basic" ? Manifest() : Challenge("Basic realm=\"upstream\""));

        await upstream.Client().HeadManifestAsync(Repository(("Username", "me"), ("Password", "secret")), Latest, CancellationToken.None);

        Assert.Equal(Convert.ToBase64String("me:secret"u8.ToArray()), upstream.Requests[^1].Headers.Authorization!.Parameter);
    }

    [Fact]
    public async Task A_429_is_an_upstream_failure_that_carries_its_retry_after()
    {
        var upstream = new ScriptedRegistry(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(42));
            return response;
        });

        var failure = await Assert.ThrowsAsync<UpstreamException>(() => upstream.Client().GetManifestAsync(Repository(Anonymous()), Latest, CancellationToken.None));

        Assert.Equal(HttpStatusCode.TooManyRequests, failure.Status);
        Assert.Equal(TimeSpan.FromSeconds(42), failure.RetryAfter);
        Assert.False(failure.IsNotFound);
    }

    [Fact]
    public async Task An_upstream_that_does_not_answer_is_an_upstream_failure_without_a_status()
    {
        var upstream = new ScriptedRegistry(_ => throw new HttpRequestException("connection refused"));

        var failure = await Assert.ThrowsAsync<UpstreamException>(() => upstream.Client().GetManifestAsync(Repository(Anonymous()), Latest, CancellationToken.None));

        Assert.Null(failure.Status);
    }

    private static (string, string)[] Anonymous() => [];

    private static ProxiedRepository Repository(params (string Key, string Value)[] more) =>
        Read(Setting(0, "scripted", "https://upstream.test", "up", more)).Find(RepositoryName.Parse("up/alpine"))!;

    private static HttpResponseMessage Challenge(string challenge)
    {
        var response = new HttpResponseMessage(HttpStatusCode.Unauthorized);
        response.Headers.TryAddWithoutValidation("WWW-Authenticate", challenge);
        return response;
    }

    private static HttpResponseMessage Json(string json) =>
        new(HttpStatusCode.OK) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Manifest()
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.oci.image.manifest.v1+json");
        return response;
    }

    /// <summary>A registry that answers as a function of each request, and remembers them.</summary>
    private sealed class ScriptedRegistry(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler, IHttpClientFactory
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        public UpstreamClient Client() => new(this, new MemoryTokens(), TimeProvider.System);

        public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add(request);
            }

            return Task.FromResult(answer(request));
        }
    }

    /// <summary>One process's token cache: what the grain-backed one does for a cluster.</summary>
    private sealed class MemoryTokens : IUpstreamTokenCache
    {
        private readonly Dictionary<string, UpstreamToken> _tokens = [];

        public async Task<string> GetAsync(UpstreamRegistry upstream, string scope, Func<CancellationToken, Task<UpstreamToken>> fetch, CancellationToken cancellationToken)
        {
            if (!_tokens.TryGetValue(scope, out var token) || token.ExpiresAt <= DateTimeOffset.UtcNow)
            {
                _tokens[scope] = token = await fetch(cancellationToken);
            }

            return token.Value;
        }

        public Task ForgetAsync(UpstreamRegistry upstream, string scope)
        {
            _tokens.Remove(scope);
            return Task.CompletedTask;
        }
    }
}
