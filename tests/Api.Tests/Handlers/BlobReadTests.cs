using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary><c>HEAD</c> and <c>GET /v2/&lt;name&gt;/blobs/&lt;digest&gt;</c> of whole blobs.</summary>
[Collection(RegistryCollection.Name)]
public sealed class BlobReadTests(RegistryFixture registry)
{
    [Fact]
    public async Task Get_serves_the_bytes_with_length_digest_and_range_support()
    {
        var repository = RepositoryNames.Unique("blobs");
        var content = TestContent.RandomBytes(3000);
        var blob = await registry.Client.PushBlobAsync(repository, content);

        using var response = await registry.Client.GetAsync($"/v2/{repository}/blobs/{blob.Digest}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(3000, response.Content.Headers.ContentLength);
        Assert.Equal(blob.Digest, response.Header("Docker-Content-Digest"));
        Assert.Equal("bytes", response.Header("Accept-Ranges"));
        Assert.Equal($"\"{blob.Digest}\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Head_answers_the_same_headers_without_a_body()
    {
        var repository = RepositoryNames.Unique("blobs");
        var blob = await registry.Client.PushBlobAsync(repository, TestContent.RandomBytes(1234));

        using var response = await registry.Client.HeadAsync($"/v2/{repository}/blobs/{blob.Digest}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1234, response.Content.Headers.ContentLength);
        Assert.Equal(blob.Digest, response.Header("Docker-Content-Digest"));
        Assert.Equal("bytes", response.Header("Accept-Ranges"));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_of_an_unknown_blob_is_blob_unknown()
    {
        var repository = RepositoryNames.Unique("blobs");
        await registry.Client.PushBlobAsync(repository, TestContent.RandomBytes(10));

        using var response = await registry.Client.GetAsync($"/v2/{repository}/blobs/{TestContent.UnknownSha256()}");

        await response.ShouldBeErrorAsync(HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Fact]
    public async Task Head_of_an_unknown_blob_is_404_without_a_body()
    {
        using var response = await registry.Client.HeadAsync($"/v2/{RepositoryNames.Unique("blobs")}/blobs/{TestContent.UnknownSha256()}");

        await response.ShouldBeBodilessErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_blob_is_served_only_by_repositories_that_link_it()
    {
        var owner = RepositoryNames.Unique("blobs");
        var blob = await registry.Client.PushBlobAsync(owner, TestContent.RandomBytes(100));

        using var response = await registry.Client.GetAsync($"/v2/{RepositoryNames.Unique("blobs")}/blobs/{blob.Digest}");

        await response.ShouldBeErrorAsync(HttpStatusCode.NotFound, "BLOB_UNKNOWN");
    }

    [Theory]
    [InlineData("sha256:totallywrong")]
    [InlineData("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("notadigest")]
    public async Task Get_with_an_invalid_digest_is_digest_invalid(string digest)
    {
        using var response = await registry.Client.GetAsync($"/v2/{RepositoryNames.Unique("blobs")}/blobs/{digest}");

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    [Fact]
    public async Task Head_with_an_invalid_digest_is_400_without_a_body()
    {
        using var response = await registry.Client.HeadAsync($"/v2/{RepositoryNames.Unique("blobs")}/blobs/sha256:totallywrong");

        await response.ShouldBeBodilessErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_zero_byte_blob_is_served_empty()
    {
        var repository = RepositoryNames.Unique("blobs");
        var blob = await registry.Client.PushBlobAsync(repository, []);
        Assert.Equal(TestContent.EmptySha256, blob.Digest);

        using var head = await registry.Client.HeadAsync($"/v2/{repository}/blobs/{blob.Digest}");
        using var get = await registry.Client.GetAsync($"/v2/{repository}/blobs/{blob.Digest}");

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(0, head.Content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Empty(await get.Content.ReadAsByteArrayAsync());
        Assert.Equal(TestContent.EmptySha256, get.Header("Docker-Content-Digest"));
    }
}
