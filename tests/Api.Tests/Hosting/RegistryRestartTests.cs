using System.Net;
using System.Text.Json;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Hosting;

/// <summary>
/// Everything lives in the data directory: a registry stopped and built anew on it serves the same repositories,
/// tags, manifests, blobs, referrers and unfinished uploads.
/// </summary>
public sealed class RegistryRestartTests : IDisposable
{
    private readonly TemporaryDirectory _data = new();

    [Fact]
    public async Task Content_pushed_before_a_restart_is_served_after_it()
    {
        const string repository = "restart/app";
        PushedImage image;
        byte[] referrer;
        await using (var before = await RunningRegistry.StartAsync(_data.Path))
        {
            image = await before.Client.PushImageAsync(repository, "v1");
            var config = await before.Client.PushEmptyConfigAsync(repository);
            referrer = TestManifests.OciImage(config, [], image.Manifest, artifactType: "application/vnd.example.sbom.v1");
            await before.Client.PushManifestAsync(repository, TestContent.Sha256(referrer), referrer, MediaTypeNames.OciManifest);
        }

        await using var after = await RunningRegistry.StartAsync(_data.Path);
        using var byTag = await after.Client.GetAsync($"/v2/{repository}/manifests/v1");
        using var byDigest = await after.Client.HeadAsync($"/v2/{repository}/manifests/{image.Manifest.Digest}");
        using var layer = await after.Client.GetAsync($"/v2/{repository}/blobs/{image.Layer.Digest}");
        using var tags = await after.Client.GetAsync($"/v2/{repository}/tags/list");
        using var catalog = await after.Client.GetAsync("/v2/_catalog");
        using var referrers = await after.Client.GetAsync($"/v2/{repository}/referrers/{image.Manifest.Digest}");

        Assert.Equal(HttpStatusCode.OK, byTag.StatusCode);
        Assert.Equal(image.ManifestContent, await byTag.Content.ReadAsByteArrayAsync());
        Assert.Equal(MediaTypeNames.OciManifest, byTag.ContentType());
        Assert.Equal(HttpStatusCode.OK, byDigest.StatusCode);
        Assert.Equal(image.LayerContent, await layer.Content.ReadAsByteArrayAsync());
        Assert.Equal($$"""{"name":"{{repository}}","tags":["v1"]}""", await tags.Content.ReadAsStringAsync());
        Assert.Equal($$"""{"repositories":["{{repository}}"]}""", await catalog.Content.ReadAsStringAsync());
        using var index = JsonDocument.Parse(await referrers.Content.ReadAsStringAsync());
        Assert.Equal(
            TestContent.Sha256(referrer),
            Assert.Single(index.RootElement.GetProperty("manifests").EnumerateArray()).GetProperty("digest").GetString());
    }

    [Fact]
    public async Task Deletions_made_before_a_restart_stay_deleted()
    {
        const string repository = "restart/deleted";
        PushedImage image;
        await using (var before = await RunningRegistry.StartAsync(_data.Path))
        {
            image = await before.Client.PushImageAsync(repository, "gone");
            await before.Client.PushManifestAsync(repository, "kept", image.ManifestContent, MediaTypeNames.OciManifest);
            using var deleted = await before.Client.DeleteAsync($"/v2/{repository}/manifests/gone");
            Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        }

        await using var after = await RunningRegistry.StartAsync(_data.Path);
        using var gone = await after.Client.GetAsync($"/v2/{repository}/manifests/gone");
        using var kept = await after.Client.HeadAsync($"/v2/{repository}/manifests/kept");

        await gone.ShouldBeErrorAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
    }

    [Fact]
    public async Task An_upload_started_before_a_restart_can_be_finished_after_it()
    {
        const string repository = "restart/upload";
        var first = TestContent.RandomBytes(1000);
        var second = TestContent.RandomBytes(500);
        byte[] whole = [.. first, .. second];
        string location;
        await using (var before = await RunningRegistry.StartAsync(_data.Path))
        {
            location = await before.Client.StartUploadAsync(repository);
            using var patched = await before.Client.PatchAsync(location, first, "0-999");
            Assert.Equal(HttpStatusCode.Accepted, patched.StatusCode);
        }

        await using var after = await RunningRegistry.StartAsync(_data.Path);
        using var status = await after.Client.GetAsync(location);
        using var resumed = await after.Client.PatchAsync(location, second, "1000-1499");
        using var finished = await after.Client.PutAsync(RegistryClient.WithQuery(location, "digest=" + TestContent.Sha256(whole)));
        using var blob = await after.Client.GetAsync($"/v2/{repository}/blobs/{TestContent.Sha256(whole)}");

        Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
        Assert.Equal("0-999", status.Header("Range"));
        Assert.Equal(HttpStatusCode.Accepted, resumed.StatusCode);
        Assert.Equal(HttpStatusCode.Created, finished.StatusCode);
        Assert.Equal(whole, await blob.Content.ReadAsByteArrayAsync());
    }

    public void Dispose() => _data.Dispose();
}
