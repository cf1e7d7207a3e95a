using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using OrleansRegistry.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansRegistry.EndToEnd.Tests.Metadata;

/// <summary>
/// A crash between two writes never leaves a tag pointing at a manifest that is not stored, nor a manifest whose
/// blobs are not there, and nothing that was acknowledged is lost: the registry is killed (SIGKILL) while clients
/// push, and after a restart every tag it lists is whole and every push it answered 201 is there.
/// </summary>
public sealed class CrashConsistencyTests(ITestOutputHelper output)
{
    private const string OciManifest = "application/vnd.oci.image.manifest.v1+json";

    [Fact(Timeout = 300_000)]
    public async Task A_registry_killed_while_clients_push_serves_only_whole_images_and_everything_it_acknowledged()
    {
        await using var registry = new RegistryProcess();
        try
        {
            await registry.StartAsync();
            var acknowledged = new ConcurrentDictionary<string, string>();
            using var stop = new CancellationTokenSource();
            var pushers = Enumerable.Range(0, 4).Select(client => PushUntilStoppedAsync(registry, client, acknowledged, stop.Token)).ToList();
            while (acknowledged.Count < 20)
            {
                await Task.Delay(50);
            }

            await registry.CrashAsync();
            await stop.CancelAsync();
            await Task.WhenAll(pushers);
            await registry.StartAsync();

            using var http = registry.CreateHttpClient();
            var tags = JsonNode.Parse(await http.GetStringAsync("v2/e2e/crash/tags/list"))!["tags"]!.AsArray().Select(tag => tag!.GetValue<string>()).ToList();
            output.WriteLine($"{acknowledged.Count} pushes acknowledged before the crash, {tags.Count} tags after it");
            Assert.Superset(acknowledged.Keys.ToHashSet(), tags.ToHashSet());
            foreach (var tag in tags)
            {
                var manifest = await ManifestAsync(http, tag);
                if (acknowledged.TryGetValue(tag, out var digest))
                {
                    Assert.Equal(digest, Digest.Sha256(manifest));
                }

                foreach (var blob in JsonNode.Parse(manifest)!["layers"]!.AsArray().Append(JsonNode.Parse(manifest)!["config"]))
                {
                    var blobDigest = blob!["digest"]!.GetValue<string>();
                    Assert.Equal(blobDigest, Digest.Sha256(await http.GetByteArrayAsync($"v2/e2e/crash/blobs/{blobDigest}")));
                }
            }
        }
        finally
        {
            output.WriteLine(registry.LogTail());
        }
    }

    /// <summary>Pushes images (config, layer, tagged manifest) one after another until the registry dies.</summary>
    private static async Task PushUntilStoppedAsync(RegistryProcess registry, int client, ConcurrentDictionary<string, string> acknowledged, CancellationToken stop)
    {
        using var http = registry.CreateHttpClient();
        try
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var tag = $"c{client}-{i:D4}";
                var config = await PushBlobAsync(http, Encoding.UTF8.GetBytes($"{{\"client\":{client},\"image\":{i}}}"));
                var layer = await PushBlobAsync(http, Encoding.UTF8.GetBytes(new string((char)('a' + client), 4096) + tag));
                var manifest = Encoding.UTF8.GetBytes(new JsonObject
                {
                    ["schemaVersion"] = 2,
                    ["mediaType"] = OciManifest,
                    ["config"] = new JsonObject { ["mediaType"] = "application/vnd.oci.image.config.v1+json", ["digest"] = config.Digest, ["size"] = config.Size },
                    ["layers"] = new JsonArray(new JsonObject { ["mediaType"] = "application/vnd.oci.image.layer.v1.tar", ["digest"] = layer.Digest, ["size"] = layer.Size }),
                }.ToJsonString());
                var content = new ByteArrayContent(manifest);
                content.Headers.ContentType = new MediaTypeHeaderValue(OciManifest);
                using var response = await http.PutAsync($"v2/e2e/crash/manifests/{tag}", content);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    acknowledged[tag] = Digest.Sha256(manifest);
                }
            }
        }
        catch (HttpRequestException)
        {
            // The registry died under this client, as intended.
        }
    }

    private static async Task<(string Digest, int Size)> PushBlobAsync(HttpClient http, byte[] content)
    {
        var digest = Digest.Sha256(content);
        using var response = await http.PostAsync($"v2/e2e/crash/blobs/uploads/?digest={digest}", new ByteArrayContent(content));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (digest, content.Length);
    }

    private static async Task<byte[]> ManifestAsync(HttpClient http, string tag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/e2e/crash/manifests/{tag}");
        request.Headers.TryAddWithoutValidation("Accept", OciManifest);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }
}
