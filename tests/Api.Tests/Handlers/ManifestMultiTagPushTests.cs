using System.Net;
using System.Text.Json;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary>
/// The spec's main branch (after v1.1.1): <c>PUT /v2/&lt;name&gt;/manifests/&lt;digest&gt;?tag=a&amp;tag=b</c> pushes a
/// manifest and points several tags at it at once, answering an <c>OCI-Tag</c> header for each tag. All the tags
/// are checked before anything is stored, so one bad tag refuses the whole push.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class ManifestMultiTagPushTests(RegistryFixture registry)
{
    [Fact]
    public async Task A_push_by_digest_with_twelve_tag_parameters_points_every_tag_at_the_manifest()
    {
        var repository = RepositoryNames.Unique("multitag");
        var (content, digest) = await BuildAsync(repository);
        string[] tags = ["1", "1.2", "1.2.3", "latest", "stable", "v1", "v1.2", "v1.2.3", "UPPER", "with_underscore", "with-dash", "x" + new string('y', 127)];

        using var response = await PutAsync(repository, digest, tags.Select(t => "tag=" + t), content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(digest, response.Header("Docker-Content-Digest"));
        Assert.Equal($"/v2/{repository}/manifests/{digest}", response.Location());
        Assert.Equal(tags, response.Headers.GetValues("OCI-Tag"));
        foreach (var tag in tags)
        {
            using var pulled = await registry.Client.GetAsync($"/v2/{repository}/manifests/{tag}", ("Accept", MediaTypeNames.OciManifest));
            Assert.Equal(digest, pulled.Header("Docker-Content-Digest"));
        }

        using var list = await registry.Client.GetAsync($"/v2/{repository}/tags/list");
        using var listed = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        Assert.Equal(
            tags.Order(StringComparer.Ordinal),
            listed.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_tag_named_twice_is_pointed_and_answered_once()
    {
        var repository = RepositoryNames.Unique("multitag");
        var (content, digest) = await BuildAsync(repository);

        using var response = await PutAsync(repository, digest, ["tag=v1", "tag=v1", "tag=v2"], content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["v1", "v2"], response.Headers.GetValues("OCI-Tag"));
    }

    [Fact]
    public async Task Tags_that_pointed_elsewhere_move_to_the_pushed_manifest()
    {
        var repository = RepositoryNames.Unique("multitag");
        var old = await registry.Client.PushImageAsync(repository, "latest");
        var (content, digest) = await BuildAsync(repository);

        using var response = await PutAsync(repository, digest, ["tag=latest", "tag=v2"], content);
        using var latest = await registry.Client.GetAsync($"/v2/{repository}/manifests/latest", ("Accept", MediaTypeNames.OciManifest));
        using var byOldDigest = await registry.Client.GetAsync($"/v2/{repository}/manifests/{old.Manifest.Digest}", ("Accept", MediaTypeNames.OciManifest));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(digest, latest.Header("Docker-Content-Digest"));
        Assert.Equal(HttpStatusCode.OK, byOldDigest.StatusCode);
    }

    [Theory]
    [InlineData("tag=-leading-dash")]
    [InlineData("tag=.leading-dot")]
    [InlineData("tag=has%20space")]
    [InlineData("tag=colon:inside")]
    [InlineData("tag=nul%00")]
    [InlineData("tag=")]
    [InlineData("tag=%2E%2E")]
    public async Task One_invalid_tag_refuses_the_whole_push_and_stores_nothing(string invalid)
    {
        var repository = RepositoryNames.Unique("multitag");
        var (content, digest) = await BuildAsync(repository);
        var longTag = "tag=" + new string('a', 129);

        foreach (var query in new[] { invalid, longTag })
        {
            using var response = await PutAsync(repository, digest, ["tag=good1", query, "tag=good2"], content);

            await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "TAG_INVALID");
            Assert.False(response.Headers.Contains("OCI-Tag"));
        }

        foreach (var reference in new[] { "good1", "good2", digest })
        {
            using var pulled = await registry.Client.GetAsync($"/v2/{repository}/manifests/{reference}", ("Accept", MediaTypeNames.OciManifest));
            Assert.Equal(HttpStatusCode.NotFound, pulled.StatusCode);
        }
    }

    [Fact]
    public async Task Tag_parameters_on_a_push_by_tag_are_tag_invalid_and_store_nothing()
    {
        var repository = RepositoryNames.Unique("multitag");
        var (content, digest) = await BuildAsync(repository);

        using var response = await PutAsync(repository, "v1", ["tag=v2"], content);

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "TAG_INVALID");
        using var pulled = await registry.Client.GetAsync($"/v2/{repository}/manifests/{digest}", ("Accept", MediaTypeNames.OciManifest));
        Assert.Equal(HttpStatusCode.NotFound, pulled.StatusCode);
    }

    [Fact]
    public async Task A_push_by_digest_without_tag_parameters_answers_no_oci_tag()
    {
        var repository = RepositoryNames.Unique("multitag");
        var (content, digest) = await BuildAsync(repository);

        using var response = await PutAsync(repository, digest, [], content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(response.Headers.Contains("OCI-Tag"));
    }

    private async Task<(byte[] Content, string Digest)> BuildAsync(string repository)
    {
        var config = await registry.Client.PushBlobAsync(repository, TestContent.Utf8($"{{\"n\":\"{Guid.NewGuid()}\"}}"), MediaTypeNames.OciConfig);
        var content = TestManifests.OciImage(config, []);
        return (content, TestContent.Sha256(content));
    }

    private Task<HttpResponseMessage> PutAsync(string repository, string reference, IEnumerable<string> query, byte[] content)
    {
        var parameters = string.Join('&', query);
        var path = $"/v2/{repository}/manifests/{reference}" + (parameters.Length > 0 ? "?" + parameters : "");
        return registry.Client.PutAsync(path, RegistryClient.Manifest(content, MediaTypeNames.OciManifest));
    }
}
