using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary>
/// The flow every real client uses: POST, one PATCH without Content-Range carrying the whole blob, PUT with the
/// digest and no body.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class StreamedUploadTests(RegistryFixture registry)
{
    [Fact]
    public async Task A_patch_with_content_length_is_202_with_the_accepted_range()
    {
        var repository = RepositoryNames.Unique("streamed");
        var location = await registry.Client.StartUploadAsync(repository);

        using var response = await registry.Client.PatchAsync(location, TestContent.RandomBytes(1000));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("0-999", response.Header("Range"));
        Assert.Equal(location, response.Location());
        Assert.Equal(location.Split('/')[^1], response.Header("Docker-Upload-UUID"));
    }

    [Fact]
    public async Task A_chunked_patch_without_content_length_is_accepted_and_completes()
    {
        var repository = RepositoryNames.Unique("streamed");
        var content = TestContent.RandomBytes(100_000);
        var digest = TestContent.Sha256(content);
        var location = await registry.Client.StartUploadAsync(repository);
        var body = new UnknownLengthContent(content);
        Assert.Null(body.Headers.ContentLength);

        using var patched = await registry.Client.SendAsync(HttpMethod.Patch, location, body);
        using var finished = await registry.Client.PutAsync(RegistryClient.WithQuery(patched.Location(), "digest=" + digest));
        using var blob = await registry.Client.GetAsync($"/v2/{repository}/blobs/{digest}");

        Assert.Equal(HttpStatusCode.Accepted, patched.StatusCode);
        Assert.Equal("0-99999", patched.Header("Range"));
        Assert.Equal(HttpStatusCode.Created, finished.StatusCode);
        Assert.Equal(content, await blob.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Successive_patches_without_content_range_append()
    {
        var repository = RepositoryNames.Unique("streamed");
        var first = TestContent.RandomBytes(300);
        var second = TestContent.RandomBytes(200);
        var location = await registry.Client.StartUploadAsync(repository);

        using var one = await registry.Client.PatchAsync(location, first);
        using var two = await registry.Client.PatchAsync(one.Location(), second);
        byte[] whole = [.. first, .. second];
        var digest = TestContent.Sha256(whole);
        using var finished = await registry.Client.PutAsync(RegistryClient.WithQuery(two.Location(), "digest=" + digest));
        using var blob = await registry.Client.GetAsync($"/v2/{repository}/blobs/{digest}");

        Assert.Equal("0-299", one.Header("Range"));
        Assert.Equal("0-499", two.Header("Range"));
        Assert.Equal(HttpStatusCode.Created, finished.StatusCode);
        Assert.Equal(whole, await blob.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_blob_of_several_megabytes_round_trips_intact()
    {
        var repository = RepositoryNames.Unique("streamed");
        var content = TestContent.RandomBytes(5 * 1024 * 1024 + 17);

        var blob = await registry.Client.PushBlobAsync(repository, content);
        using var response = await registry.Client.GetAsync($"/v2/{repository}/blobs/{blob.Digest}");

        Assert.Equal(content.Length, response.Content.Headers.ContentLength);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
    }
}
