using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary>
/// The spec's main branch (after v1.1.1): <c>POST /v2/&lt;name&gt;/blobs/uploads/?digest-algorithm=&lt;algorithm&gt;</c>
/// announces the algorithm of the digest a push will complete with. The registry holds sha256 and sha512; an
/// algorithm it does not hold is refused with <c>400 DIGEST_INVALID</c> before a session is opened, rather than
/// after the client has sent every byte.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class DigestAlgorithmTests(RegistryFixture registry)
{
    [Theory]
    [InlineData("sha512")]
    [InlineData("sha256")]
    public async Task An_upload_announced_for_a_supported_algorithm_completes_with_a_digest_of_it(string algorithm)
    {
        var repository = RepositoryNames.Unique("algorithm");
        var content = TestContent.RandomBytes(100_000);
        var digest = algorithm == "sha512" ? TestContent.Sha512(content) : TestContent.Sha256(content);

        using var started = await registry.Client.PostAsync($"/v2/{repository}/blobs/uploads/?digest-algorithm={algorithm}");
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        using var patched = await registry.Client.PatchAsync(started.Location(), content);
        Assert.Equal(HttpStatusCode.Accepted, patched.StatusCode);
        using var finished = await registry.Client.PutAsync(RegistryClient.WithQuery(patched.Location(), "digest=" + digest));
        using var pulled = await registry.Client.GetAsync($"/v2/{repository}/blobs/{digest}");

        Assert.Equal(HttpStatusCode.Created, finished.StatusCode);
        Assert.Equal(digest, finished.Header("Docker-Content-Digest"));
        Assert.Equal(content, await pulled.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("md5")]
    [InlineData("sha384")]
    [InlineData("blake3")]
    [InlineData("SHA512")]
    [InlineData("Sha256")]
    [InlineData("sha512%20")]
    [InlineData("sha512%00")]
    [InlineData("")]
    public async Task An_algorithm_the_registry_does_not_hold_is_digest_invalid_and_opens_no_session(string algorithm)
    {
        using var response = await registry.Client.PostAsync($"/v2/{RepositoryNames.Unique("algorithm")}/blobs/uploads/?digest-algorithm={algorithm}");

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "DIGEST_INVALID");
        Assert.Null(response.Headers.Location);
        Assert.Null(response.Header("Docker-Upload-UUID"));
    }

    [Fact]
    public async Task A_monolithic_push_with_a_digest_of_another_algorithm_than_announced_is_digest_invalid()
    {
        var repository = RepositoryNames.Unique("algorithm");
        var content = TestContent.RandomBytes(1000);
        var digest = TestContent.Sha256(content);

        using var response = await registry.Client.PostAsync(
            $"/v2/{repository}/blobs/uploads/?digest-algorithm=sha512&digest={digest}", RegistryClient.Bytes(content));

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "DIGEST_INVALID");
        using var blob = await registry.Client.HeadAsync($"/v2/{repository}/blobs/{digest}");
        Assert.Equal(HttpStatusCode.NotFound, blob.StatusCode);
    }

    [Fact]
    public async Task A_monolithic_push_announced_as_sha512_is_stored_under_its_sha512_digest()
    {
        var repository = RepositoryNames.Unique("algorithm");
        var content = TestContent.RandomBytes(1000);
        var digest = TestContent.Sha512(content);

        using var response = await registry.Client.PostAsync(
            $"/v2/{repository}/blobs/uploads/?digest-algorithm=sha512&digest={digest}", RegistryClient.Bytes(content));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(digest, response.Header("Docker-Content-Digest"));
    }
}
