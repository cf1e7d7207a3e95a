using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary><c>GET</c> and <c>HEAD /v2/&lt;name&gt;/manifests/&lt;reference&gt;</c>: the stored bytes, unchanged, with their type.</summary>
[Collection(RegistryCollection.Name)]
public sealed class ManifestPullTests(RegistryFixture registry)
{
    /// <summary>Valid, but laid out as no serializer would: only a byte-for-byte store serves it back as is.</summary>
    private static byte[] OddlyFormatted(ContentDescriptor config) => TestContent.Utf8(
        "{\n   \"layers\" : [ ],\n\t\"config\":{\"size\":" + config.Size + ",  \"digest\":\"" + config.Digest + "\",\"mediaType\":\""
        + config.MediaType + "\"},\n \"schemaVersion\":2 ,\"mediaType\":\"" + MediaTypeNames.OciManifest + "\"\n}\n\n");

    [Fact]
    public async Task Get_by_tag_serves_the_exact_bytes_with_the_stored_type_and_digest()
    {
        var (repository, content, digest) = await PushOddlyFormattedAsync("latest");

        using var response = await registry.Client.GetAsync($"/v2/{repository}/manifests/latest");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(MediaTypeNames.OciManifest, response.Header("Content-Type"));
        Assert.Equal(digest, response.Header("Docker-Content-Digest"));
        Assert.Equal(content.Length, response.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Get_by_digest_serves_the_exact_bytes()
    {
        var (repository, content, digest) = await PushOddlyFormattedAsync("latest");

        using var response = await registry.Client.GetAsync($"/v2/{repository}/manifests/{digest}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(MediaTypeNames.OciManifest, response.ContentType());
        Assert.Equal(digest, response.Header("Docker-Content-Digest"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Head_answers_type_length_and_digest_without_a_body(bool byTag)
    {
        var (repository, content, digest) = await PushOddlyFormattedAsync("latest");

        using var response = await registry.Client.HeadAsync($"/v2/{repository}/manifests/{(byTag ? "latest" : digest)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(content.Length, response.Content.Headers.ContentLength);
        Assert.Equal(MediaTypeNames.OciManifest, response.ContentType());
        Assert.Equal(digest, response.Header("Docker-Content-Digest"));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_etag_is_the_quoted_digest_and_if_none_match_with_it_is_304()
    {
        var (repository, _, digest) = await PushOddlyFormattedAsync("latest");

        using var first = await registry.Client.GetAsync($"/v2/{repository}/manifests/latest");
        using var again = await registry.Client.GetAsync($"/v2/{repository}/manifests/latest", ("If-None-Match", $"\"{digest}\""));

        Assert.Equal($"\"{digest}\"", first.Headers.ETag?.Tag);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
    }

    /// <summary>RFC 9110 §13.1.2: If-None-Match holds a list of entity tags, compared weakly, or "*".</summary>
    [Theory]
    [InlineData("\"sha256:0000000000000000000000000000000000000000000000000000000000000000\", {0}")]
    [InlineData("W/{0}")]
    [InlineData("*")]
    public async Task If_none_match_that_lists_the_etag_among_others_or_weakly_or_as_a_wildcard_is_304(string format)
    {
        var (repository, _, digest) = await PushOddlyFormattedAsync("latest");

        using var response = await registry.Client.GetAsync(
            $"/v2/{repository}/manifests/latest", ("If-None-Match", string.Format(format, $"\"{digest}\"")));

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task If_none_match_with_another_etag_serves_the_manifest()
    {
        var (repository, content, _) = await PushOddlyFormattedAsync("latest");

        using var response = await registry.Client.GetAsync(
            $"/v2/{repository}/manifests/latest", ("If-None-Match", $"\"{TestContent.UnknownSha256()}\""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_unknown_tag_is_manifest_unknown()
    {
        var (repository, _, _) = await PushOddlyFormattedAsync("latest");

        using var response = await registry.Client.GetAsync($"/v2/{repository}/manifests/other");

        await response.ShouldBeErrorAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }

    [Fact]
    public async Task An_unknown_digest_is_manifest_unknown()
    {
        var (repository, _, _) = await PushOddlyFormattedAsync("latest");

        using var response = await registry.Client.GetAsync($"/v2/{repository}/manifests/{TestContent.UnknownSha256()}");

        await response.ShouldBeErrorAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }

    [Fact]
    public async Task A_manifest_in_an_unknown_repository_is_manifest_unknown()
    {
        using var response = await registry.Client.GetAsync($"/v2/{RepositoryNames.Unique("pull")}/manifests/latest");

        await response.ShouldBeErrorAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }

    [Fact]
    public async Task A_manifest_is_served_only_by_its_own_repository()
    {
        var (_, _, digest) = await PushOddlyFormattedAsync("latest");

        using var response = await registry.Client.GetAsync($"/v2/{RepositoryNames.Unique("pull")}/manifests/{digest}");

        await response.ShouldBeErrorAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }

    [Fact]
    public async Task Head_of_an_unknown_manifest_is_404_without_a_body()
    {
        using var response = await registry.Client.HeadAsync($"/v2/{RepositoryNames.Unique("pull")}/manifests/latest");

        await response.ShouldBeBodilessErrorAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("sha256:totallywrong")]
    [InlineData("sha256:ABCDEF")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e")]
    public async Task An_invalid_digest_reference_is_digest_invalid(string reference)
    {
        using var response = await registry.Client.GetAsync($"/v2/{RepositoryNames.Unique("pull")}/manifests/{reference}");

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    /// <summary>
    /// The OCI conformance suite pulls <c>.INVALID_MANIFEST_NAME</c> as its "nonexistent manifest" and expects 404
    /// for GET and HEAD: a reference that cannot be a tag names no manifest.
    /// </summary>
    [Theory]
    [InlineData(".INVALID_MANIFEST_NAME")]
    [InlineData("-dash")]
    public async Task Get_of_a_reference_that_cannot_be_a_tag_is_manifest_unknown(string reference)
    {
        var (repository, _, _) = await PushOddlyFormattedAsync("latest");

        using var response = await registry.Client.GetAsync($"/v2/{repository}/manifests/{reference}");

        await response.ShouldBeErrorAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }

    [Fact]
    public async Task Head_of_a_reference_that_cannot_be_a_tag_is_404()
    {
        var (repository, _, _) = await PushOddlyFormattedAsync("latest");

        using var response = await registry.Client.HeadAsync($"/v2/{repository}/manifests/.INVALID_MANIFEST_NAME");

        await response.ShouldBeBodilessErrorAsync(HttpStatusCode.NotFound);
    }

    private async Task<(string Repository, byte[] Content, string Digest)> PushOddlyFormattedAsync(string tag)
    {
        var repository = RepositoryNames.Unique("pull");
        var config = await registry.Client.PushBlobAsync(repository, TestContent.Utf8("{\"os\":\"linux\"}"), MediaTypeNames.OciConfig);
        var content = OddlyFormatted(config);
        var digest = await registry.Client.PushManifestAsync(repository, tag, content, MediaTypeNames.OciManifest);
        Assert.Equal(TestContent.Sha256(content), digest);
        return (repository, content, digest);
    }
}
