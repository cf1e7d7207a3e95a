using System.Net;
using System.Text.Json.Nodes;
using OrleansRegistry.EndToEnd.Tests.Infrastructure;
using OrleansRegistry.EndToEnd.Tests.PullThrough;
using OrleansRegistry.TestKit;
using Xunit.Abstractions;

namespace OrleansRegistry.EndToEnd.Tests.Cluster;

/// <summary>
/// Moving from CNCF Distribution in cluster mode, on S3: Distribution's own S3 driver writes an image into the
/// cluster's bucket while the cluster runs, an import through a gateway runs in a silo, and skopeo then reads the
/// image from the cluster byte for byte, with the digest Distribution served.
/// </summary>
[Collection(RegistryClusterCollection.Name)]
public sealed class ClusterImportTests(RegistryCluster cluster, ITestOutputHelper output)
{
    private readonly Clients _clients = new(output);

    [Fact(Timeout = 300_000)]
    public async Task An_image_Distribution_wrote_into_the_bucket_is_served_after_an_import_with_the_same_digest()
    {
        using var work = new TemporaryDirectory("e2e-cluster-import");
        using var gateway = cluster.Gateways[0].CreateHttpClient();
        // Distribution's S3 driver creates no bucket: a blob pushed to the cluster first makes sure it exists.
        var blob = TestContent.RandomBytes(100);
        using (var pushed = await gateway.PostAsync($"v2/migrated/first/blobs/uploads/?digest={Digest.Sha256(blob)}", new ByteArrayContent(blob)))
        {
            Assert.Equal(HttpStatusCode.Created, pushed.StatusCode);
        }

        var layout = await OciLayout.CreateAsync(_clients, work.Combine("src"));
        var image = await layout.AddImageAsync("v1", "amd64", new Dictionary<string, string>
        {
            ["/opt/payload.bin"] = TestContent.WriteFile(work.Combine("files"), "payload.bin", TestContent.RandomBytes(256 * 1024)),
        });
        var repository = $"migrated/app-{Guid.NewGuid():N}";
        byte[] served;
        await using (var distribution = await DistributionUpstream.StartAsync(
            _clients, work.Combine("distribution"), DistributionStorage.S3(cluster.S3ServiceUrl, RegistryCluster.Bucket)))
        {
            await distribution.PushAsync(_clients, layout.Reference("v1"), $"{repository}:v1");
            served = await distribution.InspectRawAsync(_clients, $"{repository}:v1");
        }

        using var other = cluster.Gateways[1].CreateHttpClient();
        var report = await ImportAsync(other);

        Assert.Equal(0, report["skipped"]!.GetValue<long>());
        Assert.Equal(image.Digest, Digest.Sha256(served));
        var skopeo = new Skopeo(_clients, cluster.Gateways[0]);
        Assert.Equal(served, await skopeo.InspectRawAsync($"{repository}:v1"));
        await skopeo.PullAsync($"{repository}:v1", $"oci:{work.Combine("out")}:v1");
        var pulled = OciLayout.Open(_clients, work.Combine("out"));
        foreach (var part in layout.Layers(image.Digest).Append(layout.Config(image.Digest)))
        {
            Assert.Equal(layout.ReadBlob(part.Digest), pulled.ReadBlob(part.Digest));
        }
    }

    /// <summary>Starts an import once none is going on and polls it to its end.</summary>
    private static async Task<JsonNode> ImportAsync(HttpClient gateway)
    {
        await WaitIdleAsync(gateway);
        using var started = await gateway.PostAsync("_registry/import", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var report = await WaitIdleAsync(gateway);
        Assert.True(report["state"]!.GetValue<string>() == "finished", report.ToJsonString());
        return report;
    }

    private static async Task<JsonNode> WaitIdleAsync(HttpClient gateway)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var status = JsonNode.Parse(await gateway.GetStringAsync("_registry/import"))!;
            if (status["state"]!.GetValue<string>() != "running")
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, "the import did not end within two minutes");
            await Task.Delay(50);
        }
    }
}
