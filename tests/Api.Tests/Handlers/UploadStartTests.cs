using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary><c>POST /v2/&lt;name&gt;/blobs/uploads/</c> without a body opens an upload session.</summary>
[Collection(RegistryCollection.Name)]
public sealed class UploadStartTests(RegistryFixture registry)
{
    [Fact]
    public async Task Post_is_202_with_the_session_location_an_empty_range_and_its_uuid()
    {
        var repository = RepositoryNames.Unique("uploads");

        using var response = await registry.Client.PostAsync($"/v2/{repository}/blobs/uploads/");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Location();
        var uuid = response.Header("Docker-Upload-UUID");
        Assert.NotNull(uuid);
        Assert.Equal($"/v2/{repository}/blobs/uploads/{uuid}", location);
        Assert.Equal("0-0", response.Header("Range"));
        Assert.Equal(0, response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Post_without_the_trailing_slash_opens_a_session_too()
    {
        using var response = await registry.Client.PostAsync($"/v2/{RepositoryNames.Unique("uploads")}/blobs/uploads");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.NotNull(response.Header("Docker-Upload-UUID"));
    }

    [Fact]
    public async Task Every_post_opens_a_session_of_its_own()
    {
        var repository = RepositoryNames.Unique("uploads");

        var first = await registry.Client.StartUploadAsync(repository);
        var second = await registry.Client.StartUploadAsync(repository);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task The_location_is_a_working_upload_url()
    {
        var repository = RepositoryNames.Unique("uploads");
        var location = await registry.Client.StartUploadAsync(repository);

        using var status = await registry.Client.GetAsync(location);

        Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
    }
}
