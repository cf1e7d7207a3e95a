using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary><c>DELETE</c> on an upload URL ends the session; its URL then names no upload.</summary>
[Collection(RegistryCollection.Name)]
public sealed class UploadCancellationTests(RegistryFixture registry)
{
    [Fact]
    public async Task Delete_is_204()
    {
        var location = await registry.Client.StartUploadAsync(RepositoryNames.Unique("cancel"));
        using var patched = await registry.Client.PatchAsync(location, TestContent.RandomBytes(10));

        using var response = await registry.Client.DeleteAsync(location);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PATCH")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task After_delete_the_upload_is_unknown(string method)
    {
        var content = TestContent.RandomBytes(10);
        var location = await registry.Client.StartUploadAsync(RepositoryNames.Unique("cancel"));
        using var cancelled = await registry.Client.DeleteAsync(location);

        using var response = await registry.Client.SendAsync(
            new HttpMethod(method),
            method == "PUT" ? RegistryClient.WithQuery(location, "digest=" + TestContent.Sha256(content)) : location,
            method is "PATCH" or "PUT" ? RegistryClient.Bytes(content) : null);

        Assert.Equal(HttpStatusCode.NoContent, cancelled.StatusCode);
        await response.ShouldBeErrorAsync(HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN");
    }

    [Fact]
    public async Task A_cancelled_upload_leaves_no_blob()
    {
        var repository = RepositoryNames.Unique("cancel");
        var content = TestContent.RandomBytes(10);
        var location = await registry.Client.StartUploadAsync(repository);
        using var patched = await registry.Client.PatchAsync(location, content);
        using var cancelled = await registry.Client.DeleteAsync(location);

        using var head = await registry.Client.HeadAsync($"/v2/{repository}/blobs/{TestContent.Sha256(content)}");

        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }
}
