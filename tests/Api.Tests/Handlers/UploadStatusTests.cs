using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary><c>GET</c> on an upload URL: 204 with the Range of bytes accepted so far.</summary>
[Collection(RegistryCollection.Name)]
public sealed class UploadStatusTests(RegistryFixture registry)
{
    [Fact]
    public async Task A_new_session_reports_an_empty_range()
    {
        var location = await registry.Client.StartUploadAsync(RepositoryNames.Unique("status"));

        using var response = await registry.Client.GetAsync(location);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("0-0", response.Header("Range"));
        Assert.Equal(location, response.Location());
        Assert.Equal(location.Split('/')[^1], response.Header("Docker-Upload-UUID"));
    }

    [Fact]
    public async Task The_range_covers_every_byte_accepted()
    {
        var location = await registry.Client.StartUploadAsync(RepositoryNames.Unique("status"));
        using var patched = await registry.Client.PatchAsync(location, TestContent.RandomBytes(4096));

        using var response = await registry.Client.GetAsync(location);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("0-4095", response.Header("Range"));
    }

    [Fact]
    public async Task The_upload_id_is_read_without_regard_to_case()
    {
        var location = await registry.Client.StartUploadAsync(RepositoryNames.Unique("status"));
        var id = location.Split('/')[^1];

        using var response = await registry.Client.GetAsync(location[..^id.Length] + id.ToUpperInvariant());

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task A_completed_upload_is_no_longer_an_upload()
    {
        var location = await registry.Client.StartUploadAsync(RepositoryNames.Unique("status"));
        using var finished = await registry.Client.PutAsync(RegistryClient.WithQuery(location, "digest=" + TestContent.EmptySha256));

        using var response = await registry.Client.GetAsync(location);

        Assert.Equal(HttpStatusCode.Created, finished.StatusCode);
        await response.ShouldBeErrorAsync(HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
    }
}
