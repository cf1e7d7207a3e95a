using System.Net;
using System.Text.Json;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary>
/// Garbage collection as a client and an operator see it: <c>POST /_registry/gc</c> starts a run, <c>GET</c> reports
/// it, and what a deleted image alone used leaves the disk, to the byte, while what another image shares stays.
/// </summary>
[Collection(CollectingRegistryCollection.Name)]
public sealed class CollectionTests(CollectingRegistryFixture registry)
{
    private const string Path = "/_registry/gc";

    private RegistryClient Client => registry.Client;

    [Fact]
    public async Task Deleting_an_image_frees_on_disk_exactly_the_bytes_no_other_image_uses()
    {
        var repository = RepositoryNames.Unique("gc");
        var kept = await Client.PushImageAsync(repository, "kept");
        var doomed = await PushImageSharingLayerAsync(repository, kept.Layer, "doomed");
        await CollectEverythingDueAsync();
        var before = BytesOnDisk();

        using var deleted = await Client.DeleteAsync($"/v2/{repository}/manifests/{doomed.Manifest.Digest}");
        await Task.Delay(CollectingRegistryFixture.CommitLease + TimeSpan.FromMilliseconds(500));
        var report = await RunToEndAsync();

        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        var unique = doomed.Config.Size + doomed.Layer.Size + doomed.Manifest.Size;
        Assert.Equal(unique, before - BytesOnDisk());
        Assert.Equal(unique, report.GetProperty("bytesFreed").GetInt64());
        using var layer = await Client.GetAsync($"/v2/{repository}/blobs/{kept.Layer.Digest}");
        Assert.Equal(kept.LayerContent, await layer.Content.ReadAsByteArrayAsync());
        using var gone = await Client.HeadAsync($"/v2/{repository}/blobs/{doomed.Layer.Digest}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task A_dry_run_reports_what_would_go_and_deletes_nothing()
    {
        var repository = RepositoryNames.Unique("gc-dry");
        var layer = await Client.PushBlobAsync(repository, TestContent.RandomBytes(2048));
        await Task.Delay(CollectingRegistryFixture.CommitLease + TimeSpan.FromMilliseconds(500));

        var report = await RunToEndAsync("?dryRun=true");

        Assert.True(report.GetProperty("dryRun").GetBoolean());
        Assert.True(report.GetProperty("blobsUnlinked").GetInt64() >= 1);
        using var head = await Client.HeadAsync($"/v2/{repository}/blobs/{layer.Digest}");
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }

    [Fact]
    public async Task A_run_starts_at_once_and_answers_202_with_where_to_follow_it()
    {
        using var started = await Client.PostAsync("/_registry/gc?dryRun=true&full=true");

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal("/_registry/gc", started.Headers.Location?.OriginalString);
        var status = await AdminRuns.ReadAsync(started);
        Assert.Equal("running", status.GetProperty("state").GetString());
        Assert.True(status.GetProperty("dryRun").GetBoolean());
        Assert.True(status.GetProperty("full").GetBoolean());
        Assert.Equal("finished", (await Client.WaitIdleAsync(Path)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_flag_that_is_not_a_boolean_is_a_spec_shaped_400()
    {
        using var response = await Client.PostAsync("/_registry/gc?dryRun=maybe");

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "UNSUPPORTED");
    }

    private async Task<PushedImage> PushImageSharingLayerAsync(string repository, ContentDescriptor shared, string tag)
    {
        var config = await Client.PushBlobAsync(repository, TestContent.Utf8($$"""{"nonce":"{{Guid.NewGuid()}}"}"""), MediaTypeNames.OciConfig);
        var layerContent = TestContent.RandomBytes(4096);
        var layer = await Client.PushBlobAsync(repository, layerContent, MediaTypeNames.OciLayer);
        var manifestContent = TestManifests.OciImage(config, [shared, layer]);
        var manifest = ContentDescriptor.Of(MediaTypeNames.OciManifest, manifestContent);
        await Client.PushManifestAsync(repository, tag, manifestContent, MediaTypeNames.OciManifest);
        return new PushedImage(repository, config, layer, layerContent, manifest, manifestContent);
    }

    /// <summary>
    /// What earlier tests left behind goes first. A blob grain activated anew by a run (the one that unlinked the
    /// blob from its last repository) deletes nothing for a commit lease, so that blob goes in a later run.
    /// </summary>
    private async Task CollectEverythingDueAsync()
    {
        for (var run = 0; run < 5; run++)
        {
            await Task.Delay(CollectingRegistryFixture.CommitLease + TimeSpan.FromMilliseconds(500));
            var report = await RunToEndAsync();
            if (report.GetProperty("waiting").GetInt64() == 0 && report.GetProperty("bytesFreed").GetInt64() == 0)
            {
                return;
            }
        }

        Assert.Fail("earlier tests' garbage was still being collected after five runs");
    }

    private Task<JsonElement> RunToEndAsync(string query = "") => Client.RunToEndAsync(Path, query);

    private long BytesOnDisk() => Directory.Exists(registry.BlobsDirectory)
        ? new DirectoryInfo(registry.BlobsDirectory).EnumerateFiles("data", SearchOption.AllDirectories).Sum(file => file.Length)
        : 0;
}
