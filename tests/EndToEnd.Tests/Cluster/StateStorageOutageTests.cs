using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace OrleansRegistry.EndToEnd.Tests.Cluster;

/// <summary>
/// Redis holds the grain state and the metadata. While it hangs, a request that needs either is refused with
/// 503 UNAVAILABLE and Retry-After (a signal clients retry), not a 500 and not a request that hangs until the
/// client gives up; once Redis answers again, so does the registry.
/// </summary>
[Collection(RegistryClusterCollection.Name)]
public sealed class StateStorageOutageTests(RegistryCluster cluster, ITestOutputHelper output)
{
    [Fact(Timeout = 300_000)]
    public async Task A_hung_redis_is_answered_with_service_unavailable_until_it_recovers()
    {
        await cluster.StartAllAsync();
        using var gateway = cluster.Gateways[0].CreateHttpClient();
        gateway.Timeout = TimeSpan.FromSeconds(60);

        HttpResponseMessage refused, listing;
        var clock = Stopwatch.StartNew();
        using (cluster.FreezeRedis())
        {
            refused = await gateway.PostAsync($"v2/cluster/outage-{Guid.NewGuid():N}/blobs/uploads/", null);
            output.WriteLine($"upload start answered {(int)refused.StatusCode} after {clock.Elapsed.TotalSeconds:F1} s with Redis frozen");
            clock.Restart();
            listing = await gateway.GetAsync($"v2/cluster/outage-{Guid.NewGuid():N}/tags/list");
            output.WriteLine($"tags/list answered {(int)listing.StatusCode} after {clock.Elapsed.TotalSeconds:F1} s with Redis frozen");
        }

        foreach (var response in new[] { refused, listing })
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {body}\n{cluster.Logs()}");
            Assert.Contains("\"UNAVAILABLE\"", body);
            Assert.NotNull(response.Headers.RetryAfter);
        }

        var recovered = await RetryUntilAcceptedAsync(gateway, TimeSpan.FromSeconds(60));
        Assert.True(recovered, $"no upload was accepted within 60 s of Redis answering again\n{cluster.Logs()}");
    }

    private static async Task<bool> RetryUntilAcceptedAsync(HttpClient gateway, TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < patience)
        {
            using var response = await gateway.PostAsync($"v2/cluster/outage-{Guid.NewGuid():N}/blobs/uploads/", null);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        return false;
    }
}
