using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary>
/// <c>Docker-Content-Digest</c> on every response the spec's main branch requires it on (no longer optional since
/// opencontainers/distribution-spec#595): the content of a manifest or blob pulled or checked by tag or digest,
/// in full or in part, and what a push created.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class ContentDigestHeaderTests(RegistryFixture registry)
{
    [Fact]
    public async Task Every_pull_and_check_of_a_manifest_names_its_digest()
    {
        var image = await registry.Client.PushImageAsync(RepositoryNames.Unique("digest"), "v1");
        var digest = image.Manifest.Digest;

        foreach (var reference in new[] { "v1", digest })
        {
            using var get = await registry.Client.GetAsync($"/v2/{image.Repository}/manifests/{reference}", ("Accept", MediaTypeNames.OciManifest));
            using var head = await registry.Client.HeadAsync($"/v2/{image.Repository}/manifests/{reference}", ("Accept", MediaTypeNames.OciManifest));
            using var notModified = await registry.Client.GetAsync(
                $"/v2/{image.Repository}/manifests/{reference}", ("Accept", MediaTypeNames.OciManifest), ("If-None-Match", $"\"{digest}\""));

            Assert.Equal((HttpStatusCode.OK, digest), (get.StatusCode, get.Header("Docker-Content-Digest")));
            Assert.Equal((HttpStatusCode.OK, digest), (head.StatusCode, head.Header("Docker-Content-Digest")));
            Assert.Equal((HttpStatusCode.NotModified, digest), (notModified.StatusCode, notModified.Header("Docker-Content-Digest")));
        }
    }

    [Fact]
    public async Task Every_pull_and_check_of_a_blob_names_its_digest()
    {
        var image = await registry.Client.PushImageAsync(RepositoryNames.Unique("digest"), "v1");
        var path = $"/v2/{image.Repository}/blobs/{image.Layer.Digest}";

        using var get = await registry.Client.GetAsync(path);
        using var head = await registry.Client.HeadAsync(path);
        using var part = await registry.Client.GetAsync(path, ("Range", "bytes=0-9"));

        Assert.Equal((HttpStatusCode.OK, image.Layer.Digest), (get.StatusCode, get.Header("Docker-Content-Digest")));
        Assert.Equal((HttpStatusCode.OK, image.Layer.Digest), (head.StatusCode, head.Header("Docker-Content-Digest")));
        Assert.Equal((HttpStatusCode.PartialContent, image.Layer.Digest), (part.StatusCode, part.Header("Docker-Content-Digest")));
    }

    [Fact]
    public async Task Every_push_names_the_digest_of_what_it_created()
    {
        var repository = RepositoryNames.Unique("digest");
        var other = RepositoryNames.Unique("digest");
        var content = TestContent.RandomBytes(500);
        var digest = TestContent.Sha256(content);

        using var monolithic = await registry.Client.PostAsync($"/v2/{repository}/blobs/uploads/?digest={digest}", RegistryClient.Bytes(content));
        using var mounted = await registry.Client.PostAsync($"/v2/{other}/blobs/uploads/?mount={digest}&from={repository}");
        var location = await registry.Client.StartUploadAsync(repository);
        using var completed = await registry.Client.PutAsync(RegistryClient.WithQuery(location, "digest=" + digest), RegistryClient.Bytes(content));
        var config = await registry.Client.PushBlobAsync(repository, TestContent.Utf8("{}"), MediaTypeNames.OciConfig);
        var manifest = TestManifests.OciImage(config, []);
        var manifestDigest = TestContent.Sha256(manifest);
        using var byTag = await registry.Client.PutAsync($"/v2/{repository}/manifests/v1", RegistryClient.Manifest(manifest, MediaTypeNames.OciManifest));
        using var byDigest = await registry.Client.PutAsync($"/v2/{repository}/manifests/{manifestDigest}", RegistryClient.Manifest(manifest, MediaTypeNames.OciManifest));
        using var withTags = await registry.Client.PutAsync(
            $"/v2/{repository}/manifests/{manifestDigest}?tag=v2&tag=v3", RegistryClient.Manifest(manifest, MediaTypeNames.OciManifest));

        Assert.Equal((HttpStatusCode.Created, digest), (monolithic.StatusCode, monolithic.Header("Docker-Content-Digest")));
        Assert.Equal((HttpStatusCode.Created, digest), (mounted.StatusCode, mounted.Header("Docker-Content-Digest")));
        Assert.Equal((HttpStatusCode.Created, digest), (completed.StatusCode, completed.Header("Docker-Content-Digest")));
        Assert.Equal((HttpStatusCode.Created, manifestDigest), (byTag.StatusCode, byTag.Header("Docker-Content-Digest")));
        Assert.Equal((HttpStatusCode.Created, manifestDigest), (byDigest.StatusCode, byDigest.Header("Docker-Content-Digest")));
        Assert.Equal((HttpStatusCode.Created, manifestDigest), (withTags.StatusCode, withTags.Header("Docker-Content-Digest")));
    }
}
