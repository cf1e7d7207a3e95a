using System.Net;
using System.Text.Json.Nodes;
using OrleansRegistry.EndToEnd.Tests.Infrastructure;
using OrleansRegistry.TestKit.Fixtures;
using Xunit.Abstractions;

namespace OrleansRegistry.EndToEnd.Tests.Metadata;

/// <summary>
/// Upgrading keeps data: the registry started on a data directory that the previous layout wrote (whole collections
/// in shards of grain state) serves every repository, tag, manifest, blob and referrer as the old one served them,
/// to a real client as to raw HTTP.
/// </summary>
public sealed class ShardedLayoutUpgradeTests(ITestOutputHelper output)
{
    private const string AnyManifest = "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json";

    private readonly Clients _clients = new(output);

    [Fact(Timeout = 300_000)]
    public async Task A_registry_started_on_data_of_the_sharded_layout_serves_it_as_before()
    {
        await using var registry = new RegistryProcess();
        try
        {
            await ShardedLayoutData.ExtractToAsync(registry.DataDirectory);
            await registry.StartAsync();
            using var http = registry.CreateHttpClient();

            var catalog = JsonNode.Parse(await http.GetStringAsync("v2/_catalog"))!["repositories"]!.AsArray().Select(name => name!.GetValue<string>());
            Assert.Equal(ShardedLayoutData.Tags.Keys.Order(StringComparer.Ordinal), catalog);
            await ShouldServeEveryTagAndReferrerAsync(http);

            // A real client reads a manifest pushed before the upgrade, byte for byte.
            var skopeo = new Skopeo(_clients, registry);
            Assert.Equal(ShardedLayoutData.Tags["legacy/app"]["v1"], Digest.Sha256(await skopeo.InspectRawAsync("legacy/app:v1")));
        }
        finally
        {
            output.WriteLine(registry.LogTail());
        }
    }

    [Fact(Timeout = 300_000)]
    public async Task A_full_collection_with_no_grace_period_keeps_everything_a_tag_or_a_subject_of_the_old_data_reaches()
    {
        // What an upgrade must never do: collect bytes of manifests the old layout recorded before their repository
        // has indexed them. A full run sweeps (and so indexes) every repository before it walks storage.
        await using var registry = new RegistryProcess(
        [
            "--Registry:Collection:GracePeriod=00:00:00",
            "--Registry:Collection:ExistenceLease=00:00:00",
            "--Registry:Collection:CommitLease=00:00:01",
        ]);
        try
        {
            await ShardedLayoutData.ExtractToAsync(registry.DataDirectory);
            await registry.StartAsync();
            using var http = registry.CreateHttpClient();

            // Two runs: bytes no grain knew of are adopted by the first and would be deleted by the second.
            for (var run = 0; run < 2; run++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1.5));
                await CollectFullyAsync(http);
            }

            await ShouldServeEveryTagAndReferrerAsync(http);
        }
        finally
        {
            output.WriteLine(registry.LogTail());
        }
    }

    private static async Task ShouldServeEveryTagAndReferrerAsync(HttpClient http)
    {
        foreach (var (repository, tags) in ShardedLayoutData.Tags)
        {
            var listed = JsonNode.Parse(await http.GetStringAsync($"v2/{repository}/tags/list"))!["tags"]!.AsArray().Select(tag => tag!.GetValue<string>());
            Assert.Equal(tags.Keys.Order(StringComparer.OrdinalIgnoreCase).ThenBy(tag => tag, StringComparer.Ordinal), listed);
            foreach (var (tag, digest) in tags)
            {
                await ShouldServeWholeAsync(http, repository, tag, digest);
            }
        }

        foreach (var (repository, subjects) in ShardedLayoutData.Referrers)
        {
            foreach (var (subject, referrers) in subjects)
            {
                var index = JsonNode.Parse(await http.GetStringAsync($"v2/{repository}/referrers/{subject}"))!;
                Assert.Equal(referrers.Order(), index["manifests"]!.AsArray().Select(entry => entry!["digest"]!.GetValue<string>()).Order());
            }
        }
    }

    private static async Task CollectFullyAsync(HttpClient http)
    {
        using var started = await http.PostAsync("_registry/gc?full=true", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var status = JsonNode.Parse(await http.GetStringAsync("_registry/gc"))!;
            var state = status["state"]!.GetValue<string>();
            if (state != "running")
            {
                Assert.True(state == "finished", status.ToJsonString());
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "the collection did not end within two minutes");
            await Task.Delay(50);
        }
    }

    /// <summary>The manifest under the tag has the digest it had, and every blob it needs is served with its digest.</summary>
    private static async Task ShouldServeWholeAsync(HttpClient http, string repository, string tag, string digest)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/{repository}/manifests/{tag}");
        request.Headers.TryAddWithoutValidation("Accept", AnyManifest);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var content = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(digest, Digest.Sha256(content));
        var manifest = JsonNode.Parse(content)!;
        var blobs = (manifest["layers"]?.AsArray() ?? []).Append(manifest["config"]).OfType<JsonNode>();
        foreach (var blob in blobs)
        {
            var blobDigest = blob["digest"]!.GetValue<string>();
            Assert.Equal(blobDigest, Digest.Sha256(await http.GetByteArrayAsync($"v2/{repository}/blobs/{blobDigest}")));
        }
    }
}
