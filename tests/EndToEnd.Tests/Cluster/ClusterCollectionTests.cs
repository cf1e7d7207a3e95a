using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.EndToEnd.Tests.Cluster;

/// <summary>
/// Garbage collection and retention in a cluster, on S3: an image deleted through one gateway, or retired by a
/// CI cache's "keep the last N" policy, and collected on demand through the other takes out of the bucket exactly
/// the bytes no other image uses, and the images that share a layer with it still pull whole.
/// </summary>
[Collection(RegistryClusterCollection.Name)]
public sealed class ClusterCollectionTests(RegistryCluster cluster)
{
    private const string ManifestType = "application/vnd.oci.image.manifest.v1+json";

    [Fact]
    public async Task Deleting_an_image_frees_in_the_bucket_exactly_the_bytes_no_other_image_uses()
    {
        using var first = cluster.Gateways[0].CreateHttpClient();
        using var second = cluster.Gateways[1 - RegistryCluster.RedirectingGateway].CreateHttpClient();
        var repository = $"gc/app-{Guid.NewGuid():N}";
        var shared = TestContent.RandomBytes(300_000);
        var kept = await PushImageAsync(first, repository, "kept", shared);
        var doomed = await PushImageAsync(first, repository, "doomed", shared);
        await CollectEverythingDueAsync(second);
        var before = await cluster.BucketBlobBytesAsync();

        using var deleted = await second.DeleteAsync($"v2/{repository}/manifests/{doomed.Manifest}");
        var report = await CollectAsync(second);
        var after = await cluster.BucketBlobBytesAsync();

        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.Equal(doomed.UniqueBytes, before - after);
        Assert.Equal(doomed.UniqueBytes, report.GetProperty("bytesFreed").GetInt64());
        using var layer = await first.GetAsync($"v2/{repository}/blobs/{kept.SharedLayer}");
        Assert.Equal(shared, await layer.Content.ReadAsByteArrayAsync());
        using var unique = await first.GetAsync($"v2/{repository}/blobs/{kept.UniqueLayer}");
        Assert.Equal(HttpStatusCode.OK, unique.StatusCode);
        using var gone = await first.GetAsync($"v2/{repository}/blobs/{doomed.UniqueLayer}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_cache_repository_keeps_its_last_tags_and_its_retired_image_leaves_the_bucket()
    {
        using var first = cluster.Gateways[0].CreateHttpClient();
        using var second = cluster.Gateways[1 - RegistryCluster.RedirectingGateway].CreateHttpClient();
        var repository = $"ci/app-{Guid.NewGuid():N}";
        var shared = TestContent.RandomBytes(300_000);
        await CollectEverythingDueAsync(second);
        var images = new List<Image>();
        for (var commit = 0; commit <= RegistryCluster.CacheKeepLast; commit++)
        {
            images.Add(await PushImageAsync(commit % 2 == 0 ? first : second, repository, $"commit-{commit}", shared));
        }

        var tags = JsonDocument.Parse(await second.GetStringAsync($"v2/{repository}/tags/list")).RootElement.GetProperty("tags");
        var before = await cluster.BucketBlobBytesAsync();
        var report = await CollectAsync(first);
        var after = await cluster.BucketBlobBytesAsync();

        Assert.Equal(Enumerable.Range(1, RegistryCluster.CacheKeepLast).Select(commit => $"commit-{commit}"), tags.EnumerateArray().Select(tag => tag.GetString()).Order());
        Assert.Equal(images[0].UniqueBytes, before - after);
        Assert.Equal(images[0].UniqueBytes, report.GetProperty("bytesFreed").GetInt64());
        using var retired = await second.GetAsync($"v2/{repository}/manifests/{images[0].Manifest}");
        Assert.Equal(HttpStatusCode.NotFound, retired.StatusCode);
        foreach (var kept in images.Skip(1))
        {
            using var layer = await first.GetAsync($"v2/{repository}/blobs/{kept.UniqueLayer}");
            Assert.Equal(HttpStatusCode.OK, layer.StatusCode);
        }
    }

    private sealed record Image(string Manifest, string SharedLayer, string UniqueLayer, long UniqueBytes);

    /// <summary>An image of a config and two layers, one of them shared, each blob pushed whole (<c>POST ?digest=</c>).</summary>
    private static async Task<Image> PushImageAsync(HttpClient gateway, string repository, string tag, byte[] shared)
    {
        var config = Encoding.UTF8.GetBytes($$"""{"architecture":"amd64","os":"linux","nonce":"{{Guid.NewGuid()}}"}""");
        var unique = TestContent.RandomBytes(200_000);
        foreach (var blob in new[] { config, shared, unique })
        {
            using var content = new ByteArrayContent(blob);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var pushed = await gateway.PostAsync($"v2/{repository}/blobs/uploads/?digest={DigestOf(blob)}", content);
            Assert.Equal(HttpStatusCode.Created, pushed.StatusCode);
        }

        var manifest = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            schemaVersion = 2,
            mediaType = ManifestType,
            config = Descriptor("application/vnd.oci.image.config.v1+json", config),
            layers = new[] { Descriptor("application/vnd.oci.image.layer.v1.tar", shared), Descriptor("application/vnd.oci.image.layer.v1.tar", unique) },
        }));
        using var body = new ByteArrayContent(manifest);
        body.Headers.ContentType = new MediaTypeHeaderValue(ManifestType);
        using var put = await gateway.PutAsync($"v2/{repository}/manifests/{tag}", body);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        return new Image(DigestOf(manifest), DigestOf(shared), DigestOf(unique), config.Length + unique.Length + manifest.Length);
    }

    private static object Descriptor(string mediaType, byte[] blob) => new { mediaType, digest = DigestOf(blob), size = blob.Length };

    private static string DigestOf(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>
    /// What earlier tests left behind goes first. A blob grain activated anew by a run (the one that unlinked the
    /// blob from its last repository) deletes nothing for a commit lease, so that blob goes in a later run.
    /// </summary>
    private static async Task CollectEverythingDueAsync(HttpClient gateway)
    {
        for (var run = 0; run < 5; run++)
        {
            var report = await CollectAsync(gateway);
            if (report.GetProperty("waiting").GetInt64() == 0 && report.GetProperty("bytesFreed").GetInt64() == 0)
            {
                return;
            }
        }

        Assert.Fail("earlier tests' garbage was still being collected after five runs");
    }

    /// <summary>Starts a collection once none is going on and polls it to its end, after the commit leases lapsed.</summary>
    private static async Task<JsonElement> CollectAsync(HttpClient gateway)
    {
        await Task.Delay(RegistryCluster.CommitLease + TimeSpan.FromMilliseconds(500));
        await WaitIdleAsync(gateway);
        using var started = await gateway.PostAsync("_registry/gc", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var report = await WaitIdleAsync(gateway);
        Assert.Equal("finished", report.GetProperty("state").GetString());
        return report;
    }

    private static async Task<JsonElement> WaitIdleAsync(HttpClient gateway)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var status = JsonDocument.Parse(await gateway.GetStringAsync("_registry/gc")).RootElement.Clone();
            if (status.GetProperty("state").GetString() != "running")
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, "the collection did not end within two minutes");
            await Task.Delay(50);
        }
    }
}
