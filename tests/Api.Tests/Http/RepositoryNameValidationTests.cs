using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Http;

/// <summary>Repository names follow the spec's grammar on every endpoint; anything else is NAME_INVALID.</summary>
[Collection(RegistryCollection.Name)]
public sealed class RepositoryNameValidationTests(RegistryFixture registry)
{
    private const string Digest = TestContent.EmptySha256;

    public static TheoryData<string> EndpointsOfName(string name) => new()
    {
        $"/v2/{name}/tags/list",
        $"/v2/{name}/manifests/latest",
        $"/v2/{name}/blobs/{Digest}",
        $"/v2/{name}/referrers/{Digest}",
    };

    public static TheoryData<string> EndpointsOfUppercaseName() => EndpointsOfName("Library/Alpine");

    [Theory]
    [MemberData(nameof(EndpointsOfUppercaseName))]
    public async Task Upper_case_names_are_invalid(string path)
    {
        using var response = await registry.Client.GetAsync(path);

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "NAME_INVALID");
    }

    [Fact]
    public async Task An_upload_cannot_start_in_an_invalid_repository()
    {
        using var response = await registry.Client.PostAsync("/v2/UPPER/blobs/uploads/");

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "NAME_INVALID");
    }

    [Fact]
    public async Task A_manifest_cannot_be_pushed_to_an_invalid_repository()
    {
        var manifest = TestManifests.OciIndex([]);
        using var response = await registry.Client.PutAsync("/v2/bad..name/manifests/latest", RegistryClient.Manifest(manifest, MediaTypeNames.OciIndex));

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "NAME_INVALID");
    }

    [Theory]
    [InlineData("a%2Fb")]
    [InlineData("..%2Fetc")]
    [InlineData("a%2F..%2Fb")]
    [InlineData("-leading-dash")]
    [InlineData("trailing-dash-")]
    [InlineData("a//b")]
    [InlineData("a__b___c")]
    [InlineData("a%20b")]
    [InlineData("name%0A")]
    [InlineData("name%0D%0A")]
    public async Task Names_outside_the_grammar_are_invalid(string name)
    {
        using var response = await registry.Client.GetAsync($"/v2/{name}/tags/list");

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "NAME_INVALID");
    }

    [Fact]
    public async Task An_encoded_slash_does_not_reach_the_repository_it_spells()
    {
        var repository = RepositoryNames.Unique("names");
        await registry.Client.PushImageAsync(repository, "latest");

        using var response = await registry.Client.GetAsync($"/v2/{repository.Replace("/", "%2F")}/manifests/latest");

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "NAME_INVALID");
    }

    [Fact]
    public async Task Dot_segments_that_leave_the_api_reach_no_repository()
    {
        var repository = RepositoryNames.Unique("names");
        await registry.Client.PushImageAsync(repository, "latest");

        // Sent raw: HttpClient would remove the dot segment itself. The server normalizes it to /<repository>/...,
        // which is outside /v2/; the registry judges what was sent and answers in the spec's shape.
        var response = await RawHttp.SendAsync(registry.Client.Address, "GET", $"/v2/../{repository}/manifests/latest");

        response.ShouldBeError(400, "NAME_INVALID");
        Assert.Null(response.Header("Docker-Content-Digest"));
    }

    [Fact]
    public async Task Encoded_dot_segments_in_a_name_are_invalid()
    {
        var response = await RawHttp.SendAsync(registry.Client.Address, "GET", "/v2/library/..%2F..%2Fsecret/tags/list");

        Assert.Equal(400, response.Status);
        Assert.Contains("\"NAME_INVALID\"", response.BodyText);
    }

    [Fact]
    public async Task A_name_of_256_characters_is_invalid()
    {
        var name = "a/" + new string('b', 254);
        Assert.Equal(256, name.Length);

        using var response = await registry.Client.GetAsync($"/v2/{name}/tags/list");

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "NAME_INVALID");
    }

    [Fact]
    public async Task A_name_of_255_characters_is_valid()
    {
        var name = "a/" + new string('b', 253);
        Assert.Equal(255, name.Length);

        using var response = await registry.Client.GetAsync($"/v2/{name}/tags/list");

        await response.ShouldBeErrorAsync(HttpStatusCode.NotFound, "NAME_UNKNOWN");
    }

    [Fact]
    public async Task Names_may_contain_endpoint_words_as_components()
    {
        var repository = RepositoryNames.Unique("names") + "/manifests/blobs/uploads/tags";
        var image = await registry.Client.PushImageAsync(repository, "latest");

        using var manifest = await registry.Client.GetAsync($"/v2/{repository}/manifests/latest");
        using var blob = await registry.Client.GetAsync($"/v2/{repository}/blobs/{image.Layer.Digest}");
        using var tags = await registry.Client.GetAsync($"/v2/{repository}/tags/list");

        Assert.Equal(image.ManifestContent, await manifest.Content.ReadAsByteArrayAsync());
        Assert.Equal(image.LayerContent, await blob.Content.ReadAsByteArrayAsync());
        Assert.Contains($"\"name\":\"{repository}\"", await tags.Content.ReadAsStringAsync());
    }
}
