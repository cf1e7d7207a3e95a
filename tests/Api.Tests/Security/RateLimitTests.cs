using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Security;

/// <summary><c>Registry:RateLimit</c>: a fixed window of requests per user (or per address), then 429 with Retry-After.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task Requests_over_the_limit_are_answered_too_many_requests_per_user()
    {
        using var directory = new TemporaryDirectory();
        var htpasswd = SecurityFiles.Htpasswd(directory.Path, ("alice", "pw"), ("bob", "pw"));
        await using var registry = await RunningRegistry.StartAsync(
            Path.Combine(directory.Path, "data"),
            "--Registry:Auth:Kind", "Htpasswd",
            "--Registry:Auth:HtpasswdFile", htpasswd,
            "--Registry:RateLimit:PermitsPerWindow", "5",
            "--Registry:RateLimit:Window", "00:01:00");
        using var alice = SecurityFiles.ClientOf(registry, SecurityFiles.Basic("alice", "pw"));
        using var bob = SecurityFiles.ClientOf(registry, SecurityFiles.Basic("bob", "pw"));

        for (var i = 0; i < 5; i++)
        {
            using var allowed = await alice.GetAsync("/v2/");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var limited = await alice.GetAsync("/v2/");
        await limited.ShouldBeErrorAsync(HttpStatusCode.TooManyRequests, "TOOMANYREQUESTS");
        var retryAfter = int.Parse(limited.Header("Retry-After")!);
        Assert.InRange(retryAfter, 1, 60);

        // Another user has a window of their own; health checks are never limited.
        using var other = await bob.GetAsync("/v2/");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        using var health = await alice.GetAsync("/healthz");
        Assert.NotEqual(HttpStatusCode.TooManyRequests, health.StatusCode);
    }

    [Fact]
    public async Task Every_429_says_when_to_retry_on_every_kind_of_request_of_an_anonymous_client()
    {
        using var directory = new TemporaryDirectory();
        await using var registry = await RunningRegistry.StartAsync(
            Path.Combine(directory.Path, "data"),
            "--Registry:RateLimit:PermitsPerWindow", "1",
            "--Registry:RateLimit:Window", "00:01:00");
        using var first = await registry.Client.GetAsync("/v2/");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        foreach (var (method, path) in new[] { ("GET", "/v2/limited/app/tags/list"), ("HEAD", "/v2/limited/app/manifests/v1"), ("POST", "/v2/limited/app/blobs/uploads/") })
        {
            var limited = await RawHttp.SendAsync(registry.Address, method, path, ("Content-Length", "0"));

            Assert.Equal(429, limited.Status);
            Assert.InRange(int.Parse(limited.Header("Retry-After")!, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
            if (method != "HEAD")
            {
                limited.ShouldBeError(429, "TOOMANYREQUESTS");
            }
        }
    }
}
