using OrleansRegistry.EndToEnd.Tests.Infrastructure;
using OrleansRegistry.TestKit;
using Xunit.Abstractions;

namespace OrleansRegistry.EndToEnd.Tests.Cluster;

/// <summary>Gateways are interchangeable, and the cluster's state outlives every one of its processes.</summary>
[Collection(RegistryClusterCollection.Name)]
public sealed class ClusterRoundTripTests(RegistryCluster cluster, ITestOutputHelper output)
{
    private readonly Clients _clients = new(output);

    [Fact(Timeout = 600_000)]
    public async Task Image_pushed_through_one_gateway_is_pulled_through_the_other()
    {
        await cluster.StartAllAsync();
        using var work = new TemporaryDirectory("e2e-cluster");
        var (layout, pushed) = await BuildImageAsync(work);

        await new Skopeo(_clients, cluster.Gateways[0]).PushAsync(layout.Reference("v1"), "cluster/app:v1");
        await new Skopeo(_clients, cluster.Gateways[1]).PullAsync("cluster/app:v1", $"oci:{work.Combine("out")}:v1");

        var pulled = OciLayout.Open(_clients, work.Combine("out"));
        Assert.Equal(pushed.Digest, pulled.Resolve("v1").Digest);
        foreach (var layer in layout.Layers(pushed.Digest))
        {
            Assert.Equal(layout.ReadBlob(layer.Digest), pulled.ReadBlob(layer.Digest));
        }
    }

    [Fact(Timeout = 600_000)]
    public async Task Everything_survives_the_crash_of_every_silo_and_gateway()
    {
        await cluster.StartAllAsync();
        using var work = new TemporaryDirectory("e2e-cluster-restart");
        var pushed = await PushImageAsync(work, cluster.Gateways[1], "cluster/restart:v1");

        await cluster.KillAllAsync();
        await cluster.StartAllAsync();

        var served = await new Skopeo(_clients, cluster.Gateways[0]).InspectRawAsync("cluster/restart:v1");
        Assert.Equal(pushed.Digest, Digest.Sha256(served));
        await new Skopeo(_clients, cluster.Gateways[0]).PullAsync("cluster/restart:v1", $"oci:{work.Combine("out")}:v1");
        Assert.Equal(pushed.Digest, OciLayout.Open(_clients, work.Combine("out")).Resolve("v1").Digest);
    }

    [Fact(Timeout = 600_000)]
    public async Task After_the_crash_of_everything_the_cluster_serves_again_without_the_silo_that_does_not_come_back()
    {
        // Membership in Redis still lists the crashed silos as active: the silo that restarts must not wait for
        // them to answer, and the gateways must not wait for them either.
        await cluster.StartAllAsync();
        using var work = new TemporaryDirectory("e2e-cluster-partial");
        var pushed = await PushImageAsync(work, cluster.Gateways[0], "cluster/partial:v1");

        await cluster.KillAllAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await cluster.StartAllAsync(absentSilo: 1);
        output.WriteLine($"serving again {clock.Elapsed.TotalSeconds:F1} s after the restart, with one silo of two");

        await new Skopeo(_clients, cluster.Gateways[1]).PullAsync("cluster/partial:v1", $"oci:{work.Combine("out")}:v1");
        Assert.Equal(pushed.Digest, OciLayout.Open(_clients, work.Combine("out")).Resolve("v1").Digest);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_redirecting_gateway_sends_blob_downloads_to_S3()
    {
        await cluster.StartAllAsync();
        var blob = TestContent.RandomBytes(4096);
        var digest = Digest.Sha256(blob);
        using var streaming = cluster.Gateways[1 - RegistryCluster.RedirectingGateway].CreateHttpClient();
        using (var pushed = await streaming.PostAsync($"v2/cluster/redirect/blobs/uploads/?digest={digest}", new ByteArrayContent(blob)))
        {
            Assert.Equal(System.Net.HttpStatusCode.Created, pushed.StatusCode);
        }

        using var redirecting = cluster.Gateways[RegistryCluster.RedirectingGateway].CreateHttpClient(followRedirects: false);
        using var response = await redirecting.GetAsync($"v2/cluster/redirect/blobs/{digest}");

        Assert.Equal(System.Net.HttpStatusCode.TemporaryRedirect, response.StatusCode);
        using var s3 = new HttpClient();
        Assert.Equal(blob, await s3.GetByteArrayAsync(response.Headers.Location));
        Assert.Equal(blob, await streaming.GetByteArrayAsync($"v2/cluster/redirect/blobs/{digest}"));
    }

    [Fact(Timeout = 120_000)]
    public async Task Uploads_advertise_the_S3_part_size_as_the_minimum_chunk_length()
    {
        await cluster.StartAllAsync();
        using var gateway = cluster.Gateways[0].CreateHttpClient();

        using var response = await gateway.PostAsync("v2/cluster/chunks/blobs/uploads/", null);

        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal((5 * 1024 * 1024).ToString(), response.Headers.GetValues("OCI-Chunk-Min-Length").Single());
    }

    private async Task<OciDescriptor> PushImageAsync(TemporaryDirectory work, ClusterGateway gateway, string reference)
    {
        var (layout, image) = await BuildImageAsync(work);
        await new Skopeo(_clients, gateway).PushAsync(layout.Reference("v1"), reference);
        return image;
    }

    private async Task<(OciLayout Layout, OciDescriptor Image)> BuildImageAsync(TemporaryDirectory work)
    {
        var layout = await OciLayout.CreateAsync(_clients, work.Combine("src"));
        var image = await layout.AddImageAsync("v1", "amd64", new Dictionary<string, string>
        {
            ["/data/big.bin"] = TestContent.WriteFile(work.Combine("files"), "big.bin", TestContent.RandomBytes(7 * 1024 * 1024)),
            ["/etc/motd"] = TestContent.WriteFile(work.Combine("files"), "motd", "served by a cluster\n"),
        });
        return (layout, image);
    }
}
