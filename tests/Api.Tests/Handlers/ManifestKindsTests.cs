using System.Net;
using System.Text.Json.Nodes;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary>Every manifest kind the registry supports round-trips with its own type.</summary>
[Collection(RegistryCollection.Name)]
public sealed class ManifestKindsTests(RegistryFixture registry)
{
    [Fact]
    public async Task A_docker_schema2_manifest_round_trips()
    {
        var image = await registry.Client.PushDockerImageAsync(RepositoryNames.Unique("kinds"), tag: "v2");

        await AssertServedAsync(image.Repository, "v2", image.ManifestContent, MediaTypeNames.DockerManifest);
    }

    [Fact]
    public async Task A_docker_manifest_list_round_trips_after_its_children_are_pushed_by_digest()
    {
        var repository = RepositoryNames.Unique("kinds");
        var amd = await registry.Client.PushDockerImageAsync(repository, "amd64");
        var arm = await registry.Client.PushDockerImageAsync(repository, "arm64");
        var list = TestManifests.DockerManifestList([new IndexEntry(amd.Manifest), new IndexEntry(arm.Manifest, Architecture: "arm64")]);

        await registry.Client.PushManifestAsync(repository, "multi", list, MediaTypeNames.DockerManifestList);

        await AssertServedAsync(repository, "multi", list, MediaTypeNames.DockerManifestList);
        await AssertServedAsync(repository, arm.Manifest.Digest, arm.ManifestContent, MediaTypeNames.DockerManifest);
    }

    [Fact]
    public async Task An_oci_image_manifest_round_trips()
    {
        var image = await registry.Client.PushImageAsync(RepositoryNames.Unique("kinds"), "oci");

        await AssertServedAsync(image.Repository, "oci", image.ManifestContent, MediaTypeNames.OciManifest);
    }

    [Fact]
    public async Task An_oci_index_round_trips()
    {
        var repository = RepositoryNames.Unique("kinds");
        var amd = await registry.Client.PushImageAsync(repository);
        var arm = await registry.Client.PushImageAsync(repository);
        var index = TestManifests.OciIndex([new IndexEntry(amd.Manifest), new IndexEntry(arm.Manifest, Architecture: "arm64")]);

        await registry.Client.PushManifestAsync(repository, "index", index, MediaTypeNames.OciIndex);

        await AssertServedAsync(repository, "index", index, MediaTypeNames.OciIndex);
    }

    [Fact]
    public async Task A_buildkit_cache_index_whose_entries_are_blobs_round_trips()
    {
        // docker buildx --cache-to type=registry: an index of the cache config and the layers, all pushed as blobs.
        var repository = RepositoryNames.Unique("kinds");
        var layer = await registry.Client.PushBlobAsync(repository, TestContent.RandomBytes(300), MediaTypeNames.OciLayer);
        var cacheConfig = await registry.Client.PushBlobAsync(repository, TestContent.Utf8("{\"layers\":[],\"records\":[]}"), "application/vnd.buildkit.cacheconfig.v0");
        var index = TestContent.Utf8(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypeNames.OciIndex,
            ["manifests"] = new JsonArray(layer.ToJson(), cacheConfig.ToJson()),
        }.ToJsonString());

        await registry.Client.PushManifestAsync(repository, "cache", index, MediaTypeNames.OciIndex);

        await AssertServedAsync(repository, "cache", index, MediaTypeNames.OciIndex);
        using var config = await registry.Client.GetAsync($"/v2/{repository}/blobs/{cacheConfig.Digest}");
        Assert.Equal(HttpStatusCode.OK, config.StatusCode);
    }

    [Fact]
    public async Task An_empty_oci_index_round_trips()
    {
        var repository = RepositoryNames.Unique("kinds");
        var index = TestManifests.OciIndex([]);

        await registry.Client.PushManifestAsync(repository, "empty", index, MediaTypeNames.OciIndex);

        await AssertServedAsync(repository, "empty", index, MediaTypeNames.OciIndex);
    }

    [Fact]
    public async Task An_oci_artifact_with_artifact_type_and_the_empty_config_round_trips()
    {
        var repository = RepositoryNames.Unique("kinds");
        var config = await registry.Client.PushEmptyConfigAsync(repository);
        Assert.Equal("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", config.Digest);
        var payload = await registry.Client.PushBlobAsync(repository, TestContent.Utf8("{\"sbom\":true}"), "application/spdx+json");
        var artifact = TestManifests.OciImage(config, [payload], artifactType: "application/vnd.example.sbom.v1");

        await registry.Client.PushManifestAsync(repository, "sbom", artifact, MediaTypeNames.OciManifest);

        await AssertServedAsync(repository, "sbom", artifact, MediaTypeNames.OciManifest);
    }

    [Fact]
    public async Task An_oci_artifact_without_layers_round_trips()
    {
        var repository = RepositoryNames.Unique("kinds");
        var config = await registry.Client.PushEmptyConfigAsync(repository);
        var artifact = TestManifests.OciImage(config, [], artifactType: "application/vnd.example.marker");

        await registry.Client.PushManifestAsync(repository, "marker", artifact, MediaTypeNames.OciManifest);

        await AssertServedAsync(repository, "marker", artifact, MediaTypeNames.OciManifest);
    }

    private async Task AssertServedAsync(string repository, string reference, byte[] content, string mediaType)
    {
        using var response = await registry.Client.GetAsync($"/v2/{repository}/manifests/{reference}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.ContentType());
        Assert.Equal(TestContent.Sha256(content), response.Header("Docker-Content-Digest"));
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
    }
}
