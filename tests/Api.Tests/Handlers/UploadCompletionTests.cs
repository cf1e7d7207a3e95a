using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary><c>PUT</c> on an upload URL with <c>?digest=</c>: verifies the bytes and makes the blob visible.</summary>
[Collection(RegistryCollection.Name)]
public sealed class UploadCompletionTests(RegistryFixture registry)
{
    [Fact]
    public async Task Put_without_a_body_after_patches_is_201_with_location_and_digest()
    {
        var repository = RepositoryNames.Unique("complete");
        var content = TestContent.RandomBytes(777);
        var digest = TestContent.Sha256(content);
        var location = await registry.Client.StartUploadAsync(repository);
        using var patched = await registry.Client.PatchAsync(location, content);

        using var response = await registry.Client.PutAsync(RegistryClient.WithQuery(location, "digest=" + digest));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/v2/{repository}/blobs/{digest}", response.Location());
        Assert.Equal(digest, response.Header("Docker-Content-Digest"));
        Assert.Equal(0, response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Put_with_the_whole_blob_as_body_is_a_monolithic_upload()
    {
        var repository = RepositoryNames.Unique("complete");
        var content = TestContent.RandomBytes(2048);
        var digest = TestContent.Sha256(content);
        var location = await registry.Client.StartUploadAsync(repository);

        using var response = await registry.Client.PutAsync(RegistryClient.WithQuery(location, "digest=" + digest), RegistryClient.Bytes(content));
        using var blob = await registry.Client.GetAsync($"/v2/{repository}/blobs/{digest}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/v2/{repository}/blobs/{digest}", response.Location());
        Assert.Equal(digest, response.Header("Docker-Content-Digest"));
        Assert.Equal(content, await blob.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Put_with_a_final_chunk_appends_it_before_verifying()
    {
        var repository = RepositoryNames.Unique("complete");
        var head = TestContent.RandomBytes(100);
        var tail = TestContent.RandomBytes(50);
        byte[] whole = [.. head, .. tail];
        var digest = TestContent.Sha256(whole);
        var location = await registry.Client.StartUploadAsync(repository);
        using var patched = await registry.Client.PatchAsync(location, head);

        using var response = await registry.Client.PutAsync(RegistryClient.WithQuery(location, "digest=" + digest), new UnknownLengthContent(tail));
        using var blob = await registry.Client.GetAsync($"/v2/{repository}/blobs/{digest}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(whole, await blob.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_digest_mismatch_is_digest_invalid_and_the_blob_is_not_visible()
    {
        var repository = RepositoryNames.Unique("complete");
        var content = TestContent.RandomBytes(100);
        var claimed = TestContent.UnknownSha256();
        var location = await registry.Client.StartUploadAsync(repository);
        using var patched = await registry.Client.PatchAsync(location, content);

        using var response = await registry.Client.PutAsync(RegistryClient.WithQuery(location, "digest=" + claimed));
        using var underClaimed = await registry.Client.HeadAsync($"/v2/{repository}/blobs/{claimed}");
        using var underActual = await registry.Client.HeadAsync($"/v2/{repository}/blobs/{TestContent.Sha256(content)}");

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "DIGEST_INVALID");
        Assert.Equal(HttpStatusCode.NotFound, underClaimed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, underActual.StatusCode);
    }

    [Fact]
    public async Task Put_without_a_digest_is_digest_invalid()
    {
        var location = await registry.Client.StartUploadAsync(RepositoryNames.Unique("complete"));
        using var patched = await registry.Client.PatchAsync(location, TestContent.RandomBytes(10));

        using var response = await registry.Client.PutAsync(location);

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    [Fact]
    public async Task Put_with_a_malformed_digest_is_digest_invalid()
    {
        var location = await registry.Client.StartUploadAsync(RepositoryNames.Unique("complete"));

        using var response = await registry.Client.PutAsync(RegistryClient.WithQuery(location, "digest=sha256:xyz"));

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    [Fact]
    public async Task A_sha512_digest_completes_an_upload()
    {
        var repository = RepositoryNames.Unique("complete");
        var content = TestContent.RandomBytes(3000);
        var digest = TestContent.Sha512(content);
        var location = await registry.Client.StartUploadAsync(repository);
        using var patched = await registry.Client.PatchAsync(location, content);

        using var response = await registry.Client.PutAsync(RegistryClient.WithQuery(location, "digest=" + digest));
        using var blob = await registry.Client.GetAsync($"/v2/{repository}/blobs/{digest}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/v2/{repository}/blobs/{digest}", response.Location());
        Assert.Equal(digest, blob.Header("Docker-Content-Digest"));
        Assert.Equal(content, await blob.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_wrong_sha512_digest_is_digest_invalid()
    {
        var location = await registry.Client.StartUploadAsync(RepositoryNames.Unique("complete"));
        using var patched = await registry.Client.PatchAsync(location, TestContent.RandomBytes(30));

        using var response = await registry.Client.PutAsync(RegistryClient.WithQuery(location, "digest=" + TestContent.Sha512(TestContent.RandomBytes(30))));

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    [Fact]
    public async Task An_empty_upload_completes_as_the_zero_byte_blob()
    {
        var repository = RepositoryNames.Unique("complete");
        var location = await registry.Client.StartUploadAsync(repository);

        using var response = await registry.Client.PutAsync(RegistryClient.WithQuery(location, "digest=" + TestContent.EmptySha256));
        using var head = await registry.Client.HeadAsync($"/v2/{repository}/blobs/{TestContent.EmptySha256}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(0, head.Content.Headers.ContentLength);
    }
}
