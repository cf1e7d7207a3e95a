using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary><c>POST /v2/&lt;name&gt;/blobs/uploads/?digest=</c> with the whole blob as its body: one request, 201.</summary>
[Collection(RegistryCollection.Name)]
public sealed class MonolithicUploadTests(RegistryFixture registry)
{
    [Fact]
    public async Task Post_with_digest_and_body_is_201_and_the_blob_is_served()
    {
        var repository = RepositoryNames.Unique("monolithic");
        var content = TestContent.RandomBytes(5000);
        var digest = TestContent.Sha256(content);

        using var response = await registry.Client.PostAsync($"/v2/{repository}/blobs/uploads/?digest={digest}", RegistryClient.Bytes(content));
        using var blob = await registry.Client.GetAsync($"/v2/{repository}/blobs/{digest}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/v2/{repository}/blobs/{digest}", response.Location());
        Assert.Equal(digest, response.Header("Docker-Content-Digest"));
        Assert.Equal(content, await blob.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_chunked_body_without_content_length_is_accepted()
    {
        var repository = RepositoryNames.Unique("monolithic");
        var content = TestContent.RandomBytes(20_000);
        var digest = TestContent.Sha256(content);

        using var response = await registry.Client.PostAsync($"/v2/{repository}/blobs/uploads/?digest={digest}", new UnknownLengthContent(content));
        using var blob = await registry.Client.GetAsync($"/v2/{repository}/blobs/{digest}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(content, await blob.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_sha512_digest_is_verified_and_served()
    {
        var repository = RepositoryNames.Unique("monolithic");
        var content = TestContent.RandomBytes(700);
        var digest = TestContent.Sha512(content);

        using var response = await registry.Client.PostAsync($"/v2/{repository}/blobs/uploads/?digest={digest}", RegistryClient.Bytes(content));
        using var blob = await registry.Client.GetAsync($"/v2/{repository}/blobs/{digest}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(digest, response.Header("Docker-Content-Digest"));
        Assert.Equal(content, await blob.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_zero_byte_blob_needs_no_body()
    {
        var repository = RepositoryNames.Unique("monolithic");

        using var response = await registry.Client.PostAsync($"/v2/{repository}/blobs/uploads/?digest={TestContent.EmptySha256}");
        using var head = await registry.Client.HeadAsync($"/v2/{repository}/blobs/{TestContent.EmptySha256}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(0, head.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task A_digest_that_does_not_match_the_body_is_digest_invalid_and_nothing_is_stored()
    {
        var repository = RepositoryNames.Unique("monolithic");
        var content = TestContent.RandomBytes(100);
        var claimed = TestContent.UnknownSha256();

        using var response = await registry.Client.PostAsync($"/v2/{repository}/blobs/uploads/?digest={claimed}", RegistryClient.Bytes(content));
        using var underClaimed = await registry.Client.HeadAsync($"/v2/{repository}/blobs/{claimed}");
        using var underActual = await registry.Client.HeadAsync($"/v2/{repository}/blobs/{TestContent.Sha256(content)}");

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "DIGEST_INVALID");
        Assert.Equal(HttpStatusCode.NotFound, underClaimed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, underActual.StatusCode);
    }

    [Fact]
    public async Task A_malformed_digest_is_digest_invalid()
    {
        using var response = await registry.Client.PostAsync(
            $"/v2/{RepositoryNames.Unique("monolithic")}/blobs/uploads/?digest=sha256:nothex", RegistryClient.Bytes([1, 2, 3]));

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }
}
