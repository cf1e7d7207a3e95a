using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary><c>PUT /v2/&lt;name&gt;/manifests/&lt;reference&gt;</c> by tag or digest: 201 with the manifest's location and digest.</summary>
[Collection(RegistryCollection.Name)]
public sealed class ManifestPushTests(RegistryFixture registry)
{
    [Fact]
    public async Task Put_by_tag_is_201_with_a_digest_location_and_the_digest()
    {
        var repository = RepositoryNames.Unique("push");
        var (content, digest) = await BuildImageManifestAsync(repository);

        using var response = await registry.Client.PutAsync($"/v2/{repository}/manifests/v1.0", RegistryClient.Manifest(content, MediaTypeNames.OciManifest));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/v2/{repository}/manifests/{digest}", response.Location());
        Assert.Equal(digest, response.Header("Docker-Content-Digest"));
        Assert.Null(response.Header("OCI-Subject"));
    }

    [Fact]
    public async Task Put_by_digest_is_201_and_creates_no_tag()
    {
        var repository = RepositoryNames.Unique("push");
        var (content, digest) = await BuildImageManifestAsync(repository);

        using var response = await registry.Client.PutAsync($"/v2/{repository}/manifests/{digest}", RegistryClient.Manifest(content, MediaTypeNames.OciManifest));
        using var tags = await registry.Client.GetAsync($"/v2/{repository}/tags/list");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/v2/{repository}/manifests/{digest}", response.Location());
        Assert.Equal(digest, response.Header("Docker-Content-Digest"));
        Assert.Equal($$"""{"name":"{{repository}}","tags":[]}""", await tags.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Put_by_sha512_digest_digests_the_bytes_with_sha512()
    {
        var repository = RepositoryNames.Unique("push");
        var (content, _) = await BuildImageManifestAsync(repository);
        var digest = TestContent.Sha512(content);

        using var response = await registry.Client.PutAsync($"/v2/{repository}/manifests/{digest}", RegistryClient.Manifest(content, MediaTypeNames.OciManifest));
        using var pulled = await registry.Client.GetAsync($"/v2/{repository}/manifests/{digest}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(digest, response.Header("Docker-Content-Digest"));
        Assert.Equal(content, await pulled.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_subject_is_acknowledged_with_the_oci_subject_header()
    {
        var repository = RepositoryNames.Unique("push");
        var subject = await registry.Client.PushImageAsync(repository, "latest");
        var config = await registry.Client.PushEmptyConfigAsync(repository);
        var referrer = TestManifests.OciImage(config, [], subject.Manifest, artifactType: "application/vnd.example.sbom");

        using var response = await registry.Client.PutAsync(
            $"/v2/{repository}/manifests/{TestContent.Sha256(referrer)}", RegistryClient.Manifest(referrer, MediaTypeNames.OciManifest));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(subject.Manifest.Digest, response.Header("OCI-Subject"));
    }

    [Fact]
    public async Task A_manifest_whose_subject_does_not_exist_yet_is_accepted()
    {
        var repository = RepositoryNames.Unique("push");
        var config = await registry.Client.PushEmptyConfigAsync(repository);
        var absent = new ContentDescriptor(MediaTypeNames.OciManifest, TestContent.UnknownSha256(), 123);
        var referrer = TestManifests.OciImage(config, [], absent, artifactType: "application/vnd.example.sig");

        using var response = await registry.Client.PutAsync(
            $"/v2/{repository}/manifests/{TestContent.Sha256(referrer)}", RegistryClient.Manifest(referrer, MediaTypeNames.OciManifest));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(absent.Digest, response.Header("OCI-Subject"));
    }

    [Fact]
    public async Task A_body_without_media_type_takes_the_content_type()
    {
        var repository = RepositoryNames.Unique("push");
        var config = await registry.Client.PushBlobAsync(repository, TestContent.Utf8("{}"), MediaTypeNames.OciConfig);
        var content = TestManifests.OciImage(config, [], declareMediaType: false);
        Assert.DoesNotContain("mediaType\":\"" + MediaTypeNames.OciManifest, TestContent.Utf8String(content));

        var digest = await registry.Client.PushManifestAsync(repository, "latest", content, MediaTypeNames.OciManifest);
        using var pulled = await registry.Client.GetAsync($"/v2/{repository}/manifests/latest");

        Assert.Equal(TestContent.Sha256(content), digest);
        Assert.Equal(MediaTypeNames.OciManifest, pulled.ContentType());
        Assert.Equal(content, await pulled.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Without_media_type_or_a_specific_content_type_an_image_manifest_is_taken_as_oci()
    {
        var repository = RepositoryNames.Unique("push");
        var config = await registry.Client.PushBlobAsync(repository, TestContent.Utf8("{}"), MediaTypeNames.OciConfig);
        var content = TestManifests.OciImage(config, [], declareMediaType: false);

        await registry.Client.PushManifestAsync(repository, "latest", content, "application/json");
        using var pulled = await registry.Client.GetAsync($"/v2/{repository}/manifests/latest");

        Assert.Equal(MediaTypeNames.OciManifest, pulled.ContentType());
    }

    [Fact]
    public async Task A_manifest_sent_without_content_length_is_accepted()
    {
        var repository = RepositoryNames.Unique("push");
        var (content, digest) = await BuildImageManifestAsync(repository);
        var body = new UnknownLengthContent(content);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(MediaTypeNames.OciManifest);

        using var response = await registry.Client.PutAsync($"/v2/{repository}/manifests/latest", body);
        using var pulled = await registry.Client.GetAsync($"/v2/{repository}/manifests/latest");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(digest, response.Header("Docker-Content-Digest"));
        Assert.Equal(content, await pulled.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Content_type_parameters_are_ignored()
    {
        var repository = RepositoryNames.Unique("push");
        var (content, _) = await BuildImageManifestAsync(repository);

        using var response = await registry.Client.PutAsync(
            $"/v2/{repository}/manifests/latest", RegistryClient.Manifest(content, MediaTypeNames.OciManifest + "; charset=utf-8"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Pushing_a_tag_again_moves_it_to_the_new_manifest()
    {
        var repository = RepositoryNames.Unique("push");
        var first = await registry.Client.PushImageAsync(repository, "latest");
        var second = await registry.Client.PushImageAsync(repository, "latest");

        using var pulled = await registry.Client.GetAsync($"/v2/{repository}/manifests/latest");
        using var old = await registry.Client.HeadAsync($"/v2/{repository}/manifests/{first.Manifest.Digest}");

        Assert.Equal(second.Manifest.Digest, pulled.Header("Docker-Content-Digest"));
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
    }

    [Fact]
    public async Task Pushing_the_same_manifest_twice_is_201_both_times()
    {
        var repository = RepositoryNames.Unique("push");
        var (content, digest) = await BuildImageManifestAsync(repository);

        var first = await registry.Client.PushManifestAsync(repository, "a", content, MediaTypeNames.OciManifest);
        var second = await registry.Client.PushManifestAsync(repository, "a", content, MediaTypeNames.OciManifest);

        Assert.Equal(digest, first);
        Assert.Equal(digest, second);
    }

    [Fact]
    public async Task A_manifest_of_exactly_four_mebibytes_is_accepted()
    {
        var repository = RepositoryNames.Unique("push");
        var config = await registry.Client.PushBlobAsync(repository, TestContent.Utf8("{}"), MediaTypeNames.OciConfig);
        var unpadded = TestManifests.OciImage(config, [], annotations: new Dictionary<string, string> { ["pad"] = "" });
        var content = TestManifests.OciImage(
            config, [], annotations: new Dictionary<string, string> { ["pad"] = new string('x', 4 * 1024 * 1024 - unpadded.Length) });
        Assert.Equal(4 * 1024 * 1024, content.Length);

        await registry.Client.PushManifestAsync(repository, "big", content, MediaTypeNames.OciManifest);
        using var pulled = await registry.Client.GetAsync($"/v2/{repository}/manifests/big");

        Assert.Equal(content, await pulled.Content.ReadAsByteArrayAsync());
    }

    private async Task<(byte[] Content, string Digest)> BuildImageManifestAsync(string repository)
    {
        var config = await registry.Client.PushBlobAsync(repository, TestContent.Utf8("{\"os\":\"linux\"}"), MediaTypeNames.OciConfig);
        var layer = await registry.Client.PushBlobAsync(repository, TestContent.RandomBytes(100), MediaTypeNames.OciLayer);
        var content = TestManifests.OciImage(config, [layer]);
        return (content, TestContent.Sha256(content));
    }
}
