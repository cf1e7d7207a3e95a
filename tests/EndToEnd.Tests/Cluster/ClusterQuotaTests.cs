using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OrleansRegistry.EndToEnd.Tests.Infrastructure;
using OrleansRegistry.TestKit;
using Xunit.Abstractions;

namespace OrleansRegistry.EndToEnd.Tests.Cluster;

/// <summary>
/// Quotas in a cluster: the silos hold each repository to its quota whichever gateway a push comes through, and the
/// usage the admin API answers is the same at every gateway.
/// </summary>
[Collection(RegistryClusterCollection.Name)]
public sealed class ClusterQuotaTests(RegistryCluster cluster, ITestOutputHelper output)
{
    private readonly Clients _clients = new(output);

    [Fact(Timeout = 300_000)]
    public async Task A_tag_past_the_quota_is_denied_through_either_gateway_and_usage_agrees()
    {
        await cluster.StartAllAsync();
        using var work = new TemporaryDirectory("e2e-cluster-quota");
        var layout = await OciLayout.CreateAsync(_clients, work.Combine("src"));
        await layout.AddImageAsync("v1", "amd64", new Dictionary<string, string>
        {
            ["/quota.txt"] = TestContent.WriteFile(work.Combine("files"), "quota.txt", "held to a quota\n"),
        });
        var repository = $"quota/app-{Guid.NewGuid():N}";
        await new Skopeo(_clients, cluster.Gateways[0]).PushAsync(layout.Reference("v1"), $"{repository}:v1");
        using var first = cluster.Gateways[0].CreateHttpClient();
        using var second = cluster.Gateways[1].CreateHttpClient();
        using var manifest = await first.GetAsync($"v2/{repository}/manifests/v1");
        var bytes = await manifest.Content.ReadAsByteArrayAsync();

        using var body = new ByteArrayContent(bytes);
        body.Headers.ContentType = new MediaTypeHeaderValue(manifest.Content.Headers.ContentType!.MediaType!);
        using var refused = await second.PutAsync($"v2/{repository}/manifests/v2", body);
        var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("errors")[0];
        var usages = new List<JsonElement>();
        foreach (var gateway in new[] { first, second })
        {
            usages.Add(JsonDocument.Parse(await gateway.GetStringAsync($"_registry/usage?repository={repository}")).RootElement.Clone());
        }

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("DENIED", error.GetProperty("code").GetString());
        Assert.Contains($"over its quota of {RegistryCluster.QuotaTags} (Registry:Quotas:Limits:0, quota/**)", error.GetProperty("message").GetString());
        Assert.All(usages, usage => Assert.Equal(1, usage.GetProperty("usage").GetProperty("tags").GetInt64()));
        Assert.Equal(usages[0].GetProperty("usage").GetProperty("bytes").GetInt64(), usages[1].GetProperty("usage").GetProperty("bytes").GetInt64());
        Assert.Equal(RegistryCluster.QuotaTags, usages[1].GetProperty("quota").GetProperty("maxTags").GetInt64());
    }
}
