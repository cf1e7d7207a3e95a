using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary>
/// PATCHes with <c>Content-Range: start-end</c>, as the OCI conformance suite sends them: in order they append;
/// out of order, repeated or inconsistent they are 416 with the current Range, and the session stays usable.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class ChunkedUploadTests(RegistryFixture registry)
{
    private readonly byte[] _content = TestContent.RandomBytes(30);

    private byte[] Chunk(int start, int length) => _content.AsSpan(start, length).ToArray();

    [Fact]
    public async Task Chunks_in_order_append_and_the_final_put_completes_the_blob()
    {
        var repository = RepositoryNames.Unique("chunked");
        var location = await registry.Client.StartUploadAsync(repository);

        using var first = await registry.Client.PatchAsync(location, Chunk(0, 10), "0-9");
        using var second = await registry.Client.PatchAsync(first.Location(), Chunk(10, 10), "10-19");
        using var last = await registry.Client.PutAsync(
            RegistryClient.WithQuery(second.Location(), "digest=" + TestContent.Sha256(_content)), RegistryClient.Bytes(Chunk(20, 10), "20-29"));
        using var blob = await registry.Client.GetAsync($"/v2/{repository}/blobs/{TestContent.Sha256(_content)}");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal("0-9", first.Header("Range"));
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal("0-19", second.Header("Range"));
        Assert.Equal(HttpStatusCode.Created, last.StatusCode);
        Assert.Equal(_content, await blob.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_rfc_form_of_content_range_is_accepted_too()
    {
        var location = await registry.Client.StartUploadAsync(RepositoryNames.Unique("chunked"));

        using var response = await registry.Client.PatchAsync(location, Chunk(0, 10), "bytes 0-9/30");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("0-9", response.Header("Range"));
    }

    [Fact]
    public async Task A_chunk_past_the_end_is_416_with_the_current_range_and_the_session_continues()
    {
        var repository = RepositoryNames.Unique("chunked");
        var location = await registry.Client.StartUploadAsync(repository);
        using var first = await registry.Client.PatchAsync(location, Chunk(0, 10), "0-9");

        using var skipped = await registry.Client.PatchAsync(location, Chunk(20, 10), "20-29");
        using var status = await registry.Client.GetAsync(location);
        using var resumed = await registry.Client.PatchAsync(location, Chunk(10, 10), "10-19");

        await skipped.ShouldBeErrorAsync(HttpStatusCode.RequestedRangeNotSatisfiable, "RANGE_INVALID");
        Assert.Equal("0-9", skipped.Header("Range"));
        Assert.Equal(location, skipped.Location());
        Assert.Equal(HttpStatusCode.NoContent, status.StatusCode);
        Assert.Equal("0-9", status.Header("Range"));
        Assert.Equal(HttpStatusCode.Accepted, resumed.StatusCode);
        Assert.Equal("0-19", resumed.Header("Range"));
    }

    [Fact]
    public async Task A_repeated_chunk_is_416_and_the_upload_still_completes()
    {
        var repository = RepositoryNames.Unique("chunked");
        var location = await registry.Client.StartUploadAsync(repository);
        using var first = await registry.Client.PatchAsync(location, Chunk(0, 10), "0-9");
        using var second = await registry.Client.PatchAsync(location, Chunk(10, 10), "10-19");

        using var repeated = await registry.Client.PatchAsync(location, Chunk(10, 10), "10-19");
        using var finished = await registry.Client.PutAsync(
            RegistryClient.WithQuery(location, "digest=" + TestContent.Sha256(_content)), RegistryClient.Bytes(Chunk(20, 10), "20-29"));

        await repeated.ShouldBeErrorAsync(HttpStatusCode.RequestedRangeNotSatisfiable, "RANGE_INVALID");
        Assert.Equal("0-19", repeated.Header("Range"));
        Assert.Equal(HttpStatusCode.Created, finished.StatusCode);
    }

    [Fact]
    public async Task A_first_chunk_that_does_not_start_at_zero_is_416()
    {
        var location = await registry.Client.StartUploadAsync(RepositoryNames.Unique("chunked"));

        using var response = await registry.Client.PatchAsync(location, Chunk(5, 5), "5-9");

        await response.ShouldBeErrorAsync(HttpStatusCode.RequestedRangeNotSatisfiable, "RANGE_INVALID");
        Assert.Equal("0-0", response.Header("Range"));
    }

    [Theory]
    [InlineData("10-29")]
    [InlineData("10-14")]
    public async Task A_content_range_that_disagrees_with_content_length_is_416_and_writes_nothing(string contentRange)
    {
        var repository = RepositoryNames.Unique("chunked");
        var location = await registry.Client.StartUploadAsync(repository);
        using var first = await registry.Client.PatchAsync(location, Chunk(0, 10), "0-9");

        using var response = await registry.Client.PatchAsync(location, Chunk(10, 10), contentRange);
        using var status = await registry.Client.GetAsync(location);

        await response.ShouldBeErrorAsync(HttpStatusCode.RequestedRangeNotSatisfiable, "RANGE_INVALID");
        Assert.Equal("0-9", status.Header("Range"));
    }

    [Theory]
    [InlineData("bytes=0-9")]
    [InlineData("abc")]
    [InlineData("9-0")]
    public async Task A_malformed_content_range_is_416(string contentRange)
    {
        var location = await registry.Client.StartUploadAsync(RepositoryNames.Unique("chunked"));

        using var response = await registry.Client.PatchAsync(location, Chunk(0, 10), contentRange);

        await response.ShouldBeErrorAsync(HttpStatusCode.RequestedRangeNotSatisfiable, "RANGE_INVALID");
    }

    [Fact]
    public async Task A_chunked_body_longer_than_its_content_range_is_416_and_its_bytes_are_discarded()
    {
        var repository = RepositoryNames.Unique("chunked");
        var location = await registry.Client.StartUploadAsync(repository);
        using var first = await registry.Client.PatchAsync(location, Chunk(0, 10), "0-9");

        using var tooLong = await registry.Client.SendAsync(HttpMethod.Patch, location, new UnknownLengthContent(TestContent.RandomBytes(20), "10-19"));
        using var status = await registry.Client.GetAsync(location);
        using var resumed = await registry.Client.PatchAsync(location, Chunk(10, 20), "10-29");
        using var finished = await registry.Client.PutAsync(RegistryClient.WithQuery(location, "digest=" + TestContent.Sha256(_content)));

        await tooLong.ShouldBeErrorAsync(HttpStatusCode.RequestedRangeNotSatisfiable, "RANGE_INVALID");
        Assert.Equal("0-9", status.Header("Range"));
        Assert.Equal(HttpStatusCode.Accepted, resumed.StatusCode);
        Assert.Equal(HttpStatusCode.Created, finished.StatusCode);
    }

    [Fact]
    public async Task A_chunked_body_shorter_than_its_content_range_is_416_and_not_counted()
    {
        var repository = RepositoryNames.Unique("chunked");
        var location = await registry.Client.StartUploadAsync(repository);
        using var first = await registry.Client.PatchAsync(location, Chunk(0, 10), "0-9");

        using var tooShort = await registry.Client.SendAsync(HttpMethod.Patch, location, new UnknownLengthContent(Chunk(10, 5), "10-19"));
        using var status = await registry.Client.GetAsync(location);

        await tooShort.ShouldBeErrorAsync(HttpStatusCode.RequestedRangeNotSatisfiable, "RANGE_INVALID");
        Assert.Equal("0-9", status.Header("Range"));
    }

    [Fact]
    public async Task A_streamed_patch_and_ranged_chunks_mix()
    {
        var repository = RepositoryNames.Unique("chunked");
        var location = await registry.Client.StartUploadAsync(repository);

        using var streamed = await registry.Client.PatchAsync(location, Chunk(0, 15));
        using var ranged = await registry.Client.PatchAsync(location, Chunk(15, 15), "15-29");
        using var finished = await registry.Client.PutAsync(RegistryClient.WithQuery(location, "digest=" + TestContent.Sha256(_content)));

        Assert.Equal("0-14", streamed.Header("Range"));
        Assert.Equal("0-29", ranged.Header("Range"));
        Assert.Equal(HttpStatusCode.Created, finished.StatusCode);
    }

    [Fact]
    public async Task A_final_put_chunk_out_of_order_is_416_and_completes_nothing()
    {
        var repository = RepositoryNames.Unique("chunked");
        var location = await registry.Client.StartUploadAsync(repository);
        using var first = await registry.Client.PatchAsync(location, Chunk(0, 10), "0-9");

        using var put = await registry.Client.PutAsync(
            RegistryClient.WithQuery(location, "digest=" + TestContent.Sha256(_content)), RegistryClient.Bytes(Chunk(20, 10), "20-29"));
        using var head = await registry.Client.HeadAsync($"/v2/{repository}/blobs/{TestContent.Sha256(_content)}");

        await put.ShouldBeErrorAsync(HttpStatusCode.RequestedRangeNotSatisfiable, "RANGE_INVALID");
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }
}
