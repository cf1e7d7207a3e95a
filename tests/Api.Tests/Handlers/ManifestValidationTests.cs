using System.Net;
using System.Text.Json.Nodes;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary>Manifest pushes the registry refuses, each with its code, and nothing of a refused push becomes visible.</summary>
[Collection(RegistryCollection.Name)]
public sealed class ManifestValidationTests(RegistryFixture registry)
{
    [Fact]
    public async Task A_media_type_that_disagrees_with_the_content_type_is_manifest_invalid()
    {
        var repository = RepositoryNames.Unique("invalid");
        var content = await BuildImageAsync(repository);

        using var response = await PutAsync(repository, "latest", content, MediaTypeNames.DockerManifest);

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "MANIFEST_INVALID");
        await AssertNotVisibleAsync(repository, "latest");
    }

    [Fact]
    public async Task A_layer_the_repository_does_not_have_is_manifest_blob_unknown()
    {
        var repository = RepositoryNames.Unique("invalid");
        var config = await registry.Client.PushBlobAsync(repository, TestContent.Utf8("{}"), MediaTypeNames.OciConfig);
        var missing = new ContentDescriptor(MediaTypeNames.OciLayer, TestContent.UnknownSha256(), 10);
        var content = TestManifests.OciImage(config, [missing]);

        using var response = await PutAsync(repository, "latest", content, MediaTypeNames.OciManifest);

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN");
        await AssertNotVisibleAsync(repository, "latest");
        await AssertNotVisibleAsync(repository, TestContent.Sha256(content));
    }

    [Fact]
    public async Task A_config_the_repository_does_not_have_is_manifest_blob_unknown()
    {
        var repository = RepositoryNames.Unique("invalid");
        var missing = new ContentDescriptor(MediaTypeNames.OciConfig, TestContent.UnknownSha256(), 2);

        using var response = await PutAsync(repository, "latest", TestManifests.OciImage(missing, []), MediaTypeNames.OciManifest);

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN");
    }

    [Fact]
    public async Task A_blob_held_only_by_another_repository_is_manifest_blob_unknown()
    {
        var other = RepositoryNames.Unique("invalid");
        var repository = RepositoryNames.Unique("invalid");
        var config = await registry.Client.PushBlobAsync(repository, TestContent.Utf8("{}"), MediaTypeNames.OciConfig);
        var layer = await registry.Client.PushBlobAsync(other, TestContent.RandomBytes(10), MediaTypeNames.OciLayer);

        using var response = await PutAsync(repository, "latest", TestManifests.OciImage(config, [layer]), MediaTypeNames.OciManifest);

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN");
    }

    [Fact]
    public async Task A_blob_size_that_disagrees_with_the_stored_blob_is_manifest_invalid()
    {
        var repository = RepositoryNames.Unique("invalid");
        var config = await registry.Client.PushBlobAsync(repository, TestContent.Utf8("{}"), MediaTypeNames.OciConfig);
        var layer = await registry.Client.PushBlobAsync(repository, TestContent.RandomBytes(10), MediaTypeNames.OciLayer);

        using var response = await PutAsync(
            repository, "latest", TestManifests.OciImage(config, [layer with { Size = 11 }]), MediaTypeNames.OciManifest);

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "MANIFEST_INVALID");
    }

    [Theory]
    [InlineData(MediaTypeNames.OciIndex)]
    [InlineData(MediaTypeNames.DockerManifestList)]
    public async Task An_index_whose_child_is_not_in_the_repository_is_manifest_blob_unknown_naming_the_child(string mediaType)
    {
        var repository = RepositoryNames.Unique("invalid");
        var present = await registry.Client.PushImageAsync(repository);
        var absent = new ContentDescriptor(MediaTypeNames.OciManifest, TestContent.UnknownSha256(), 500);
        IndexEntry[] entries = [new IndexEntry(present.Manifest), new IndexEntry(absent, Architecture: "arm64")];
        var index = mediaType == MediaTypeNames.OciIndex ? TestManifests.OciIndex(entries) : TestManifests.DockerManifestList(entries);

        using var response = await PutAsync(repository, "multi", index, mediaType);

        // Distribution's answer, which clients parse: the code of a missing reference, and the digest that is missing.
        Assert.Equal(absent.Digest, await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN"));
        await AssertNotVisibleAsync(repository, "multi");
    }

    [Fact]
    public async Task An_index_entry_that_is_a_blob_the_repository_does_not_have_is_manifest_blob_unknown()
    {
        var repository = RepositoryNames.Unique("invalid");
        var present = await registry.Client.PushBlobAsync(repository, TestContent.RandomBytes(30), MediaTypeNames.OciLayer);
        var absent = new ContentDescriptor("application/vnd.buildkit.cacheconfig.v0", TestContent.UnknownSha256(), 40);
        var index = TestContent.Utf8(new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = MediaTypeNames.OciIndex,
            ["manifests"] = new JsonArray(present.ToJson(), absent.ToJson()),
        }.ToJsonString());

        using var response = await PutAsync(repository, "cache", index, MediaTypeNames.OciIndex);

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "MANIFEST_BLOB_UNKNOWN");
        await AssertNotVisibleAsync(repository, "cache");
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\"manifest\"")]
    [InlineData("{}")]
    [InlineData("{\"schemaVersion\":3,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"a/b\",\"size\":2}}")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"a/b\",\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":-1}}")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":{}}")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\"}")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"config\":{},\"manifests\":[]}")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.example.unknown+json\",\"manifests\":[]}")]
    [InlineData("{\"schemaVersion\":1,\"name\":\"x\",\"tag\":\"latest\",\"fsLayers\":[]}")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"artifactType\":\"not a type\",\"manifests\":[]}")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[],\"annotations\":{\"a\":1}}")]
    public async Task A_body_that_is_no_valid_manifest_is_manifest_invalid(string body)
    {
        var repository = RepositoryNames.Unique("invalid");

        using var response = await PutAsync(repository, "latest", TestContent.Utf8(body), null);

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "MANIFEST_INVALID");
        await AssertNotVisibleAsync(repository, "latest");
    }

    [Fact]
    public async Task A_schema1_content_type_is_manifest_invalid()
    {
        using var response = await PutAsync(
            RepositoryNames.Unique("invalid"), "latest", TestContent.Utf8("{\"schemaVersion\":2,\"manifests\":[]}"), MediaTypeNames.DockerSchema1Signed);

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "MANIFEST_INVALID");
    }

    [Fact]
    public async Task A_manifest_over_four_mebibytes_is_413()
    {
        var repository = RepositoryNames.Unique("invalid");
        var content = OversizedIndex();

        using var response = await PutAsync(repository, "big", content, MediaTypeNames.OciIndex);

        await response.ShouldBeErrorAsync(HttpStatusCode.RequestEntityTooLarge, "SIZE_INVALID");
        await AssertNotVisibleAsync(repository, "big");
    }

    [Fact]
    public async Task A_chunked_manifest_over_four_mebibytes_is_413()
    {
        var repository = RepositoryNames.Unique("invalid");
        var body = new UnknownLengthContent(OversizedIndex());
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(MediaTypeNames.OciIndex);

        using var response = await registry.Client.PutAsync($"/v2/{repository}/manifests/big", body);

        await response.ShouldBeErrorAsync(HttpStatusCode.RequestEntityTooLarge, "SIZE_INVALID");
        await AssertNotVisibleAsync(repository, "big");
    }

    [Fact]
    public async Task Put_by_a_digest_the_body_does_not_have_is_digest_invalid()
    {
        var repository = RepositoryNames.Unique("invalid");
        var content = await BuildImageAsync(repository);
        var claimed = TestContent.UnknownSha256();

        using var response = await PutAsync(repository, claimed, content, MediaTypeNames.OciManifest);

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "DIGEST_INVALID");
        await AssertNotVisibleAsync(repository, claimed);
        await AssertNotVisibleAsync(repository, TestContent.Sha256(content));
    }

    [Theory]
    [InlineData("-leading-dash")]
    [InlineData(".leading-dot")]
    [InlineData("has+plus")]
    [InlineData("latest%0A")]
    public async Task An_invalid_tag_is_tag_invalid(string tag)
    {
        var repository = RepositoryNames.Unique("invalid");
        var content = await BuildImageAsync(repository);

        using var response = await PutAsync(repository, tag, content, MediaTypeNames.OciManifest);

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "TAG_INVALID");
    }

    [Fact]
    public async Task A_tag_of_129_characters_is_tag_invalid_and_one_of_128_is_accepted()
    {
        var repository = RepositoryNames.Unique("invalid");
        var content = await BuildImageAsync(repository);

        using var tooLong = await PutAsync(repository, new string('t', 129), content, MediaTypeNames.OciManifest);
        using var longest = await PutAsync(repository, new string('t', 128), content, MediaTypeNames.OciManifest);

        await tooLong.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "TAG_INVALID");
        Assert.Equal(HttpStatusCode.Created, longest.StatusCode);
    }

    [Theory]
    [InlineData("sha256:totallywrong")]
    [InlineData("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")]
    [InlineData("sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709")]
    public async Task An_invalid_digest_reference_is_digest_invalid(string reference)
    {
        var repository = RepositoryNames.Unique("invalid");
        var content = await BuildImageAsync(repository);

        using var response = await PutAsync(repository, reference, content, MediaTypeNames.OciManifest);

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    private static byte[] OversizedIndex()
    {
        var unpadded = TestManifests.OciIndex([], annotations: new Dictionary<string, string> { ["pad"] = "" });
        var content = TestManifests.OciIndex(
            [], annotations: new Dictionary<string, string> { ["pad"] = new string('x', 4 * 1024 * 1024 + 1 - unpadded.Length) });
        Assert.Equal(4 * 1024 * 1024 + 1, content.Length);
        return content;
    }

    private async Task<byte[]> BuildImageAsync(string repository)
    {
        var config = await registry.Client.PushBlobAsync(repository, TestContent.Utf8("{\"os\":\"linux\"}"), MediaTypeNames.OciConfig);
        return TestManifests.OciImage(config, []);
    }

    private Task<HttpResponseMessage> PutAsync(string repository, string reference, byte[] content, string? mediaType) =>
        registry.Client.PutAsync($"/v2/{repository}/manifests/{reference}", RegistryClient.Manifest(content, mediaType));

    private async Task AssertNotVisibleAsync(string repository, string reference)
    {
        using var response = await registry.Client.HeadAsync($"/v2/{repository}/manifests/{reference}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
