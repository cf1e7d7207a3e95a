using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary><c>DELETE /v2/&lt;name&gt;/blobs/&lt;digest&gt;</c> unlinks the blob from that repository.</summary>
[Collection(RegistryCollection.Name)]
public sealed class BlobDeleteTests(RegistryFixture registry)
{
    [Fact]
    public async Task Delete_is_202_and_the_blob_is_then_unknown()
    {
        var repository = RepositoryNames.Unique("blob-delete");
        var blob = await registry.Client.PushBlobAsync(repository, TestContent.RandomBytes(64));

        using var deleted = await registry.Client.DeleteAsync($"/v2/{repository}/blobs/{blob.Digest}");
        using var head = await registry.Client.HeadAsync($"/v2/{repository}/blobs/{blob.Digest}");
        using var get = await registry.Client.GetAsync($"/v2/{repository}/blobs/{blob.Digest}");

        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        await head.ShouldBeBodilessErrorAsync(HttpStatusCode.NotFound);
        await get.ShouldBeErrorAsync(HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task Deleting_twice_is_blob_unknown_the_second_time()
    {
        var repository = RepositoryNames.Unique("blob-delete");
        var blob = await registry.Client.PushBlobAsync(repository, TestContent.RandomBytes(64));
        using var first = await registry.Client.DeleteAsync($"/v2/{repository}/blobs/{blob.Digest}");

        using var second = await registry.Client.DeleteAsync($"/v2/{repository}/blobs/{blob.Digest}");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        await second.ShouldBeErrorAsync(HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task Deleting_from_one_repository_leaves_it_in_another()
    {
        var content = TestContent.RandomBytes(64);
        var first = RepositoryNames.Unique("blob-delete");
        var second = RepositoryNames.Unique("blob-delete");
        var blob = await registry.Client.PushBlobAsync(first, content);
        await registry.Client.PushBlobAsync(second, content);

        using var deleted = await registry.Client.DeleteAsync($"/v2/{first}/blobs/{blob.Digest}");
        using var remaining = await registry.Client.GetAsync($"/v2/{second}/blobs/{blob.Digest}");

        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, remaining.StatusCode);
        Assert.Equal(content, await remaining.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Deleting_an_unknown_blob_is_blob_unknown()
    {
        using var response = await registry.Client.DeleteAsync($"/v2/{RepositoryNames.Unique("blob-delete")}/blobs/{TestContent.UnknownSha256()}");

        await response.ShouldBeErrorAsync(HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task Deleting_with_an_invalid_digest_is_digest_invalid()
    {
        using var response = await registry.Client.DeleteAsync($"/v2/{RepositoryNames.Unique("blob-delete")}/blobs/sha256:nothex");

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }
}
