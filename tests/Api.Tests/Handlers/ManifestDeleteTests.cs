using System.Net;
using System.Text.Json;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary>
/// <c>DELETE /v2/&lt;name&gt;/manifests/&lt;reference&gt;</c>: by tag it removes the tag only; by digest the manifest
/// and every tag pointing at it.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class ManifestDeleteTests(RegistryFixture registry)
{
    [Fact]
    public async Task Deleting_a_tag_is_202_and_removes_only_the_tag()
    {
        var image = await registry.Client.PushImageAsync(RepositoryNames.Unique("manifest-delete"), "latest");

        using var deleted = await registry.Client.DeleteAsync($"/v2/{image.Repository}/manifests/latest");
        using var byTag = await registry.Client.GetAsync($"/v2/{image.Repository}/manifests/latest");
        using var byDigest = await registry.Client.GetAsync($"/v2/{image.Repository}/manifests/{image.Manifest.Digest}");

        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        await byTag.ShouldBeErrorAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        Assert.Equal(HttpStatusCode.OK, byDigest.StatusCode);
        Assert.Equal(image.ManifestContent, await byDigest.Content.ReadAsByteArrayAsync());
        Assert.Empty(await TagsAsync(image.Repository));
    }

    [Fact]
    public async Task Deleting_one_tag_leaves_other_tags_of_the_same_manifest()
    {
        var image = await registry.Client.PushImageAsync(RepositoryNames.Unique("manifest-delete"), "one");
        await registry.Client.PushManifestAsync(image.Repository, "two", image.ManifestContent, MediaTypeNames.OciManifest);

        using var deleted = await registry.Client.DeleteAsync($"/v2/{image.Repository}/manifests/one");
        using var other = await registry.Client.HeadAsync($"/v2/{image.Repository}/manifests/two");

        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(["two"], await TagsAsync(image.Repository));
    }

    [Fact]
    public async Task Deleting_by_digest_is_202_and_removes_the_manifest_and_its_tags()
    {
        var image = await registry.Client.PushImageAsync(RepositoryNames.Unique("manifest-delete"), "one");
        await registry.Client.PushManifestAsync(image.Repository, "two", image.ManifestContent, MediaTypeNames.OciManifest);
        var other = await registry.Client.PushImageAsync(image.Repository, "kept");

        using var deleted = await registry.Client.DeleteAsync($"/v2/{image.Repository}/manifests/{image.Manifest.Digest}");
        using var byDigest = await registry.Client.GetAsync($"/v2/{image.Repository}/manifests/{image.Manifest.Digest}");
        using var one = await registry.Client.GetAsync($"/v2/{image.Repository}/manifests/one");
        using var two = await registry.Client.HeadAsync($"/v2/{image.Repository}/manifests/two");
        using var kept = await registry.Client.HeadAsync($"/v2/{image.Repository}/manifests/kept");

        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        await byDigest.ShouldBeErrorAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        await one.ShouldBeErrorAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        Assert.Equal(HttpStatusCode.NotFound, two.StatusCode);
        Assert.Equal(other.Manifest.Digest, kept.Header("Docker-Content-Digest"));
        Assert.Equal(["kept"], await TagsAsync(image.Repository));
    }

    [Fact]
    public async Task A_deleted_manifest_can_be_pushed_again()
    {
        var image = await registry.Client.PushImageAsync(RepositoryNames.Unique("manifest-delete"), "latest");
        using var deleted = await registry.Client.DeleteAsync($"/v2/{image.Repository}/manifests/{image.Manifest.Digest}");

        await registry.Client.PushManifestAsync(image.Repository, "latest", image.ManifestContent, MediaTypeNames.OciManifest);
        using var pulled = await registry.Client.GetAsync($"/v2/{image.Repository}/manifests/latest");

        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.Equal(image.ManifestContent, await pulled.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Deleting_an_unknown_tag_is_manifest_unknown()
    {
        var image = await registry.Client.PushImageAsync(RepositoryNames.Unique("manifest-delete"), "latest");

        using var response = await registry.Client.DeleteAsync($"/v2/{image.Repository}/manifests/nope");

        await response.ShouldBeErrorAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }

    [Fact]
    public async Task Deleting_an_unknown_digest_is_manifest_unknown()
    {
        using var response = await registry.Client.DeleteAsync($"/v2/{RepositoryNames.Unique("manifest-delete")}/manifests/{TestContent.UnknownSha256()}");

        await response.ShouldBeErrorAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }

    [Fact]
    public async Task Deleting_by_an_invalid_digest_is_digest_invalid()
    {
        using var response = await registry.Client.DeleteAsync($"/v2/{RepositoryNames.Unique("manifest-delete")}/manifests/sha256:totallywrong");

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    [Fact]
    public async Task Deleting_by_an_invalid_tag_is_tag_invalid()
    {
        using var response = await registry.Client.DeleteAsync($"/v2/{RepositoryNames.Unique("manifest-delete")}/manifests/-bad");

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "TAG_INVALID");
    }

    private async Task<string[]> TagsAsync(string repository)
    {
        using var response = await registry.Client.GetAsync($"/v2/{repository}/tags/list");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray();
    }
}
