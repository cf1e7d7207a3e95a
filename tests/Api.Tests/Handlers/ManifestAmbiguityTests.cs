using System.Net;
using System.Text.Json.Nodes;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary>
/// A manifest must read the same to every client (CVE-2021-41190): an index that also has <c>layers</c> or
/// <c>config</c>, or an image manifest that also has <c>manifests</c>, is <c>MANIFEST_INVALID</c>, as Distribution
/// has it, whatever the request's Content-Type. A Content-Type that is no manifest media type, generic or exotic,
/// declares nothing; the body's own <c>mediaType</c>, else its shape, decides, the same for every such type.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class ManifestAmbiguityTests(RegistryFixture registry)
{
    /// <summary>Content-Types that name no manifest media type, and the absence of one.</summary>
    private static readonly string?[] NonManifestContentTypes =
    [
        null,
        "text/plain",
        "TEXT/PLAIN; charset=utf-8",
        "application/json",
        "application/octet-stream",
        "application/vnd.evil.v1+json",
        "Application/VND.Evil.V1+JSON; q=1",
        "image/png",
    ];

    private static readonly string[] AmbiguousShapes =
    [
        "an OCI index with layers",
        "an OCI index with a config",
        "a Docker manifest list with layers",
        "an index without mediaType with layers",
        "an OCI image manifest with manifests",
        "a Docker image manifest with manifests",
        "an image manifest without mediaType with manifests",
    ];

    public static TheoryData<string, string?> AmbiguousPushes()
    {
        var data = new TheoryData<string, string?>();
        foreach (var shape in AmbiguousShapes)
        {
            foreach (var contentType in NonManifestContentTypes.Append(DeclaredType(shape)).Distinct())
            {
                data.Add(shape, contentType);
            }
        }

        return data;
    }

    public static TheoryData<string?, bool> NonManifestContentTypesWithAndWithoutMediaType()
    {
        var data = new TheoryData<string?, bool>();
        foreach (var contentType in NonManifestContentTypes)
        {
            data.Add(contentType, true);
            data.Add(contentType, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AmbiguousPushes))]
    public async Task A_manifest_with_the_fields_of_both_kinds_is_manifest_invalid(string shape, string? contentType)
    {
        var repository = RepositoryNames.Unique("ambiguous");
        var content = await AmbiguousAsync(repository, shape);

        using var response = await registry.Client.PutAsync($"/v2/{repository}/manifests/latest", RegistryClient.Manifest(content, contentType));

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "MANIFEST_INVALID");
        using var pulled = await registry.Client.GetAsync($"/v2/{repository}/manifests/{TestContent.Sha256(content)}");
        Assert.Equal(HttpStatusCode.NotFound, pulled.StatusCode);
    }

    [Theory]
    [MemberData(nameof(NonManifestContentTypesWithAndWithoutMediaType))]
    public async Task A_content_type_that_is_no_manifest_type_declares_nothing_and_the_body_decides(string? contentType, bool declareMediaType)
    {
        var repository = RepositoryNames.Unique("ambiguous");
        var config = await registry.Client.PushBlobAsync(repository, TestContent.Utf8("{}"), MediaTypeNames.OciConfig);
        var content = TestManifests.OciImage(config, [], declareMediaType: declareMediaType);

        using var response = await registry.Client.PutAsync($"/v2/{repository}/manifests/latest", RegistryClient.Manifest(content, contentType));
        using var pulled = await registry.Client.GetAsync($"/v2/{repository}/manifests/latest");

        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(MediaTypeNames.OciManifest, pulled.ContentType());
        Assert.Equal(content, await pulled.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/vnd.evil.v1+json")]
    public async Task A_body_that_declares_a_docker_manifest_is_one_whatever_else_the_content_type_says(string contentType)
    {
        var repository = RepositoryNames.Unique("ambiguous");
        var config = await registry.Client.PushBlobAsync(repository, TestContent.Utf8("{}"), MediaTypeNames.DockerConfig);
        var content = TestManifests.DockerImage(config, []);

        using var response = await registry.Client.PutAsync($"/v2/{repository}/manifests/latest", RegistryClient.Manifest(content, contentType));
        using var pulled = await registry.Client.GetAsync($"/v2/{repository}/manifests/latest", ("Accept", MediaTypeNames.DockerManifest));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(MediaTypeNames.DockerManifest, pulled.ContentType());
    }

    /// <summary>The manifest media type a client would send for <paramref name="shape"/>: the one its body declares or suggests.</summary>
    private static string DeclaredType(string shape) => shape switch
    {
        _ when shape.Contains("Docker manifest list") => MediaTypeNames.DockerManifestList,
        _ when shape.Contains("Docker image manifest") => MediaTypeNames.DockerManifest,
        _ when shape.Contains("index") => MediaTypeNames.OciIndex,
        _ => MediaTypeNames.OciManifest,
    };

    /// <summary>A manifest whose every reference exists in <paramref name="repository"/>, so only its shape is wrong.</summary>
    private async Task<byte[]> AmbiguousAsync(string repository, string shape)
    {
        var image = await registry.Client.PushImageAsync(repository);
        var layers = new JsonArray(image.Layer.ToJson());
        var manifests = new JsonArray(image.Manifest.ToJson());
        var index = JsonNode.Parse(TestManifests.OciIndex([new IndexEntry(image.Manifest)]))!.AsObject();
        var manifest = JsonNode.Parse(image.ManifestContent)!.AsObject();
        var dockerList = JsonNode.Parse(TestManifests.DockerManifestList([new IndexEntry(image.Manifest)]))!.AsObject();
        var dockerImage = JsonNode.Parse(TestManifests.DockerImage(image.Config, [image.Layer]))!.AsObject();
        var ambiguous = shape switch
        {
            "an OCI index with layers" => With(index, "layers", layers),
            "an OCI index with a config" => With(index, "config", image.Config.ToJson()),
            "a Docker manifest list with layers" => With(dockerList, "layers", layers),
            "an index without mediaType with layers" => With(Without(index, "mediaType"), "layers", layers),
            "an OCI image manifest with manifests" => With(manifest, "manifests", manifests),
            "a Docker image manifest with manifests" => With(dockerImage, "manifests", manifests),
            "an image manifest without mediaType with manifests" => With(Without(manifest, "mediaType"), "manifests", manifests),
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
        };
        return TestContent.Utf8(ambiguous.ToJsonString());
    }

    private static JsonObject With(JsonObject manifest, string property, JsonNode value)
    {
        manifest[property] = value;
        return manifest;
    }

    private static JsonObject Without(JsonObject manifest, string property)
    {
        manifest.Remove(property);
        return manifest;
    }
}
