using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace OrleansRegistry.EndToEnd.Tests.Cluster;

/// <summary>
/// What an operator sees of a silo on its HTTP port: alive, ready once it has joined the cluster and its stores
/// answer, Prometheus metrics, and the cluster's silos with their status.
/// </summary>
[Collection(RegistryClusterCollection.Name)]
public sealed class SiloOperationsTests(RegistryCluster cluster, ITestOutputHelper output)
{
    private const int Active = 3;

    [Fact(Timeout = 300_000)]
    public async Task Every_silo_is_ready_lists_the_cluster_and_serves_its_metrics()
    {
        await cluster.StartAllAsync();
        for (var i = 0; i < RegistryCluster.Size; i++)
        {
            using var silo = cluster.CreateSiloHttpClient(i);
            using (var alive = await silo.GetAsync("healthz"))
            {
                Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
            }

            Assert.Equal("Healthy", await silo.GetStringAsync("readyz"));
            // Ready is what Redis membership says too, where docs/deployment.md tells an operator to look.
            Assert.Equal(Active, await cluster.RedisMembershipStatusAsync(i));

            var silos = JsonNode.Parse(await silo.GetStringAsync("silos"))!.AsArray();
            var active = silos.Where(entry => entry!["status"]!.GetValue<string>() == "Active").ToList();
            Assert.Equal(RegistryCluster.Size, active.Count);
            Assert.Single(active, entry => entry!["self"]!.GetValue<bool>());

            var metrics = await silo.GetStringAsync("metrics");
            Assert.Contains($"registry_cluster_silos{{otel_scope_name=\"OrleansRegistry.Silo\",status=\"active\"}} {RegistryCluster.Size}", metrics);
            // Grains by type, grain call latency, activations: Orleans' own instruments.
            foreach (var orleans in new[] { "orleans_grains{", "orleans_app_requests_latency_milliseconds_bucket{", "orleans_catalog_activations{" })
            {
                Assert.Contains(orleans, metrics);
            }
        }
    }

    [Fact(Timeout = 300_000)]
    public async Task A_silo_is_not_ready_while_redis_hangs_and_is_ready_again_once_it_answers()
    {
        await cluster.StartAllAsync();
        using var silo = cluster.CreateSiloHttpClient(0);

        HttpStatusCode whileFrozen;
        using (cluster.FreezeRedis())
        {
            whileFrozen = await ReadinessAsync(silo);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileFrozen);
        var clock = Stopwatch.StartNew();
        while (await ReadinessAsync(silo) != HttpStatusCode.OK)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), $"silo0 was not ready again within a minute of Redis answering\n{cluster.Logs()}");
            await Task.Delay(250);
        }

        output.WriteLine($"ready again {clock.Elapsed.TotalSeconds:0.0} s after Redis answered");
    }

    private static async Task<HttpStatusCode> ReadinessAsync(HttpClient silo)
    {
        using var response = await silo.GetAsync("readyz");
        return response.StatusCode;
    }
}
