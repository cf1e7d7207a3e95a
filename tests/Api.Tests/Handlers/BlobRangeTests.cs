using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary>Ranged blob GETs: 206 with Content-Range for a satisfiable range, 416 for one outside the blob.</summary>
[Collection(RegistryCollection.Name)]
public sealed class BlobRangeTests(RegistryFixture registry)
{
    private const int Size = 1000;

    [Theory]
    [InlineData("bytes=0-99", 0, 100)]
    [InlineData("bytes=100-199", 100, 100)]
    [InlineData("bytes=990-", 990, 10)]
    [InlineData("bytes=-10", 990, 10)]
    [InlineData("bytes=-5000", 0, 1000)]
    [InlineData("bytes=900-5000", 900, 100)]
    [InlineData("bytes=999-999", 999, 1)]
    public async Task A_satisfiable_range_is_206_with_the_slice_and_its_content_range(string range, int start, int length)
    {
        var (repository, digest, content) = await PushAsync();

        using var response = await registry.Client.GetAsync($"/v2/{repository}/blobs/{digest}", ("Range", range));

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(content.AsSpan(start, length).ToArray(), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(length, response.Content.Headers.ContentLength);
        Assert.Equal($"bytes {start}-{start + length - 1}/{Size}", response.Header("Content-Range"));
        Assert.Equal(digest, response.Header("Docker-Content-Digest"));
    }

    [Fact]
    public async Task Head_with_a_range_answers_the_partial_headers_without_a_body()
    {
        var (repository, digest, _) = await PushAsync();

        using var response = await registry.Client.HeadAsync($"/v2/{repository}/blobs/{digest}", ("Range", "bytes=10-19"));

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(10, response.Content.Headers.ContentLength);
        Assert.Equal($"bytes 10-19/{Size}", response.Header("Content-Range"));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("bytes=1000-")]
    [InlineData("bytes=5000-6000")]
    [InlineData("bytes=-0")]
    public async Task A_range_beyond_the_blob_is_416_with_the_blob_size(string range)
    {
        var (repository, digest, _) = await PushAsync();

        using var response = await registry.Client.GetAsync($"/v2/{repository}/blobs/{digest}", ("Range", range));

        await response.ShouldBeErrorAsync(HttpStatusCode.RequestedRangeNotSatisfiable, "RANGE_INVALID");
        Assert.Equal($"bytes */{Size}", response.Header("Content-Range"));
    }

    [Fact]
    public async Task Any_range_of_a_zero_byte_blob_is_unsatisfiable()
    {
        var repository = RepositoryNames.Unique("ranges");
        var blob = await registry.Client.PushBlobAsync(repository, []);

        using var response = await registry.Client.GetAsync($"/v2/{repository}/blobs/{blob.Digest}", ("Range", "bytes=0-"));

        await response.ShouldBeErrorAsync(HttpStatusCode.RequestedRangeNotSatisfiable, "RANGE_INVALID");
        Assert.Equal("bytes */0", response.Header("Content-Range"));
    }

    [Theory]
    [InlineData("bytes=0-1,5-6")]
    [InlineData("bytes=abc")]
    [InlineData("pages=1-2")]
    public async Task A_multi_range_or_malformed_range_serves_the_whole_blob(string range)
    {
        var (repository, digest, content) = await PushAsync();

        using var response = await registry.Client.GetAsync($"/v2/{repository}/blobs/{digest}", ("Range", range));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
        Assert.Null(response.Header("Content-Range"));
    }

    private async Task<(string Repository, string Digest, byte[] Content)> PushAsync()
    {
        var repository = RepositoryNames.Unique("ranges");
        var content = TestContent.RandomBytes(Size);
        var blob = await registry.Client.PushBlobAsync(repository, content);
        return (repository, blob.Digest, content);
    }
}
