using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary>
/// A manifest is served when any Accept line names its type. Clients send one line per type, so every line counts;
/// an index is answered for a client that cannot read indexes with its linux/amd64 image, as Distribution does.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class ManifestContentNegotiationTests(RegistryFixture registry)
{
    [Fact]
    public async Task Separate_accept_lines_where_only_the_last_matches_are_200()
    {
        var image = await registry.Client.PushImageAsync(RepositoryNames.Unique("accept"), "latest");
        (string, string)[] accept =
        [
            ("Accept", MediaTypeNames.DockerManifest),
            ("Accept", MediaTypeNames.DockerSchema1Signed),
            ("Accept", MediaTypeNames.DockerManifestList),
            ("Accept", MediaTypeNames.OciIndex),
            ("Accept", MediaTypeNames.OciManifest),
        ];

        var response = await RawHttp.SendAsync(registry.Client.Address, "GET", $"/v2/{image.Repository}/manifests/latest", accept);

        Assert.Equal(200, response.Status);
        Assert.Equal(MediaTypeNames.OciManifest, response.Header("Content-Type"));
        Assert.Equal(image.ManifestContent, response.Body);
    }

    [Fact]
    public async Task The_six_accept_lines_of_containers_image_clients_are_honoured()
    {
        var image = await registry.Client.PushDockerImageAsync(RepositoryNames.Unique("accept"), tag: "latest");

        var response = await RawHttp.SendAsync(
            registry.Client.Address, "GET", $"/v2/{image.Repository}/manifests/latest",
            MediaTypeNames.ContainersImageAccept.Select(type => ("Accept", type)).ToArray());

        Assert.Equal(200, response.Status);
        Assert.Equal(MediaTypeNames.DockerManifest, response.Header("Content-Type"));
        Assert.Equal(image.ManifestContent, response.Body);
    }

    [Fact]
    public async Task Repeated_accept_values_sent_by_http_client_where_only_the_last_matches_are_200()
    {
        var image = await registry.Client.PushImageAsync(RepositoryNames.Unique("accept"), "latest");

        using var response = await registry.Client.GetAsync(
            $"/v2/{image.Repository}/manifests/latest",
            ("Accept", MediaTypeNames.DockerManifest),
            ("Accept", MediaTypeNames.DockerManifestList),
            ("Accept", MediaTypeNames.OciManifest));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(MediaTypeNames.OciManifest, response.ContentType());
    }

    [Fact]
    public async Task An_accept_header_that_excludes_the_type_is_manifest_unknown()
    {
        var image = await registry.Client.PushImageAsync(RepositoryNames.Unique("accept"), "latest");

        using var response = await registry.Client.GetAsync(
            $"/v2/{image.Repository}/manifests/latest", ("Accept", MediaTypeNames.DockerManifest), ("Accept", MediaTypeNames.DockerManifestList));

        await response.ShouldBeErrorAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }

    [Fact]
    public async Task A_wildcard_accepts_any_type()
    {
        var image = await registry.Client.PushImageAsync(RepositoryNames.Unique("accept"), "latest");

        using var response = await registry.Client.GetAsync($"/v2/{image.Repository}/manifests/latest", ("Accept", "*/*"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(MediaTypeNames.OciManifest, response.ContentType());
    }

    [Fact]
    public async Task An_index_asked_for_as_an_image_serves_its_linux_amd64_image()
    {
        var repository = RepositoryNames.Unique("accept");
        var arm = await registry.Client.PushImageAsync(repository);
        var amd = await registry.Client.PushImageAsync(repository);
        var index = TestManifests.OciIndex([new IndexEntry(arm.Manifest, Architecture: "arm64"), new IndexEntry(amd.Manifest)]);
        await registry.Client.PushManifestAsync(repository, "multi", index, MediaTypeNames.OciIndex);

        using var response = await registry.Client.GetAsync($"/v2/{repository}/manifests/multi", ("Accept", MediaTypeNames.OciManifest));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(MediaTypeNames.OciManifest, response.ContentType());
        Assert.Equal(amd.Manifest.Digest, response.Header("Docker-Content-Digest"));
        Assert.Equal(amd.ManifestContent, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_index_without_a_linux_amd64_image_is_manifest_unknown_to_a_client_that_cannot_read_indexes()
    {
        var repository = RepositoryNames.Unique("accept");
        var arm = await registry.Client.PushImageAsync(repository);
        var index = TestManifests.OciIndex([new IndexEntry(arm.Manifest, Architecture: "arm64")]);
        await registry.Client.PushManifestAsync(repository, "arm-only", index, MediaTypeNames.OciIndex);

        using var response = await registry.Client.GetAsync($"/v2/{repository}/manifests/arm-only", ("Accept", MediaTypeNames.OciManifest));

        await response.ShouldBeErrorAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }
}
