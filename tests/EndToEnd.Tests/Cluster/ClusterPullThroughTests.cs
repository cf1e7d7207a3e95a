using System.Net;
using System.Net.Http.Headers;
using OrleansRegistry.EndToEnd.Tests.Infrastructure;
using OrleansRegistry.EndToEnd.Tests.PullThrough;
using OrleansRegistry.TestKit;
using Xunit.Abstractions;

namespace OrleansRegistry.EndToEnd.Tests.Cluster;

/// <summary>
/// The pull-through cache of a cluster: concurrent pulls of one uncached image through both gateways cause one
/// upstream fetch of its manifest and of each blob, whichever gateway serves them (the fetch grain coordinates),
/// and a gateway that does not fetch a blob streams it from the one that does while it comes.
/// </summary>
[Collection(RegistryClusterCollection.Name)]
public sealed class ClusterPullThroughTests(RegistryCluster cluster, ITestOutputHelper output)
{
    private readonly Clients _clients = new(output);

    [Fact(Timeout = 600_000)]
    public async Task Concurrent_pulls_through_both_gateways_cause_one_upstream_fetch_of_each_manifest_and_blob()
    {
        await cluster.StartAllAsync();
        using var work = new TemporaryDirectory("e2e-cluster-pull-through");
        await using var upstream = await DistributionUpstream.StartAsync(_clients, work.Combine("upstream"));
        await using var proxy = await UpstreamProxy.StartAsync(upstream.BaseUrl, cluster.PullThroughUpstreamPort);
        var layout = await OciLayout.CreateAsync(_clients, work.Combine("src"));
        var image = await layout.AddImageAsync("v1", "amd64", new Dictionary<string, string>
        {
            ["/big.bin"] = TestContent.WriteFile(work.Combine("files"), "big.bin", TestContent.RandomBytes(12 * 1024 * 1024)),
        });
        await upstream.PushAsync(_clients, layout.Reference("v1"), "team/app:v1");
        var layer = layout.Layers(image.Digest).Single().Digest;
        var repository = $"{RegistryCluster.PullThroughPrefix}/team/app";

        var clients = cluster.Gateways.Select(g => g.CreateHttpClient()).ToList();
        try
        {
            var manifests = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/{repository}/manifests/v1");
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OciLayout.ManifestMediaType));
                using var response = await clients[i % clients.Count].SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return Digest.Sha256(await response.Content.ReadAsByteArrayAsync());
            }));
            Assert.All(manifests, digest => Assert.Equal(image.Digest, digest));

            var blobs = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
                Digest.Sha256(await clients[i % clients.Count].GetByteArrayAsync($"v2/{repository}/blobs/{layer}"))));
            Assert.All(blobs, digest => Assert.Equal(layer, digest));

            output.WriteLine(string.Join('\n', proxy.Requests));
            Assert.Equal(1, proxy.Served("GET", "/manifests/v1"));
            Assert.Equal(1, proxy.Served("GET", $"/blobs/{layer}"));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact(Timeout = 600_000)]
    public async Task A_pull_at_the_other_gateway_gets_a_blob_as_it_comes_from_the_gateway_that_fetches_it()
    {
        await cluster.StartAllAsync();
        using var work = new TemporaryDirectory("e2e-cluster-peer-transfer");
        await using var upstream = await DistributionUpstream.StartAsync(_clients, work.Combine("upstream"));
        await using var proxy = await UpstreamProxy.StartAsync(upstream.BaseUrl, cluster.PullThroughUpstreamPort);
        var layout = await OciLayout.CreateAsync(_clients, work.Combine("src"));
        var image = await layout.AddImageAsync("v1", "amd64", new Dictionary<string, string>
        {
            ["/slow.bin"] = TestContent.WriteFile(work.Combine("files"), "slow.bin", TestContent.RandomBytes(8 * 1024 * 1024)),
        });
        await upstream.PushAsync(_clients, layout.Reference("v1"), "team/slow:v1");
        var layer = layout.Layers(image.Digest).Single();
        var path = $"v2/{RegistryCluster.PullThroughPrefix}/team/slow/blobs/{layer.Digest}";
        proxy.Mode = ProxyMode.StallBlobs;

        using var fetching = cluster.Gateways[0].CreateHttpClient();
        using var following = cluster.Gateways[1].CreateHttpClient();
        var fetcher = fetching.GetByteArrayAsync(path);
        await proxy.BlobHalfSent.WaitAsync(TimeSpan.FromSeconds(60));
        using var joined = await following.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        Assert.Equal(layer.Size, joined.Content.Headers.ContentLength);

        // The upstream holds the second half back: all of the first reaches the other gateway's client meanwhile.
        await using var body = await joined.Content.ReadAsStreamAsync();
        var received = new byte[layer.Size];
        await body.ReadExactlyAsync(received.AsMemory(0, (int)(layer.Size / 2))).AsTask().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.False(fetcher.IsCompleted);

        proxy.ResumeStalledBlobs();
        await body.ReadExactlyAsync(received.AsMemory((int)(layer.Size / 2)));
        Assert.Equal(0, await body.ReadAsync(new byte[1]));
        Assert.Equal(layer.Digest, Digest.Sha256(received));
        Assert.Equal(layer.Digest, Digest.Sha256(await fetcher));
        Assert.Equal(1, proxy.Served("GET", $"/blobs/{layer.Digest}"));
    }
}
