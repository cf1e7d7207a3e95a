using System.Net;
using System.Net.Http.Headers;
using OrleansRegistry.EndToEnd.Tests.Infrastructure;
using OrleansRegistry.TestKit;
using Xunit.Abstractions;

namespace OrleansRegistry.EndToEnd.Tests;

/// <summary>
/// Chunked blob upload over raw HTTP (OCI distribution spec, "Pushing a blob in chunks"): the real
/// clients always send one PATCH, so only these tests exercise several chunks and the
/// Content-Range bookkeeping.
/// </summary>
public sealed class ChunkedUploadTests(RegistryProcess registry, ITestOutputHelper output)
    : IClassFixture<RegistryProcess>, IDisposable
{
    [Fact(Timeout = 120_000)]
    public async Task Three_in_order_chunks_assemble_into_the_exact_blob()
    {
        using var http = registry.CreateHttpClient();
        var blob = TestContent.RandomBytes(2 * 1024 * 1024 + 7);
        var chunks = Split(blob, 1024 * 1024, 700 * 1024);
        var upload = await StartUploadAsync(http, "e2e/chunked");

        foreach (var (offset, length) in chunks)
        {
            upload = await PatchAcceptedAsync(http, upload, blob, offset, length);
            await AssertUploadProgressAsync(http, upload, offset + length);
        }

        var digest = Digest.Sha256(blob);
        await CompleteAsync(http, upload, "e2e/chunked", digest);
        await AssertBlobAsync(http, "e2e/chunked", digest, blob);
    }

    [Fact(Timeout = 120_000)]
    public async Task Repeated_or_out_of_order_chunk_is_rejected_with_416_and_the_upload_stays_usable()
    {
        using var http = registry.CreateHttpClient();
        var blob = TestContent.RandomBytes(3 * 256 * 1024 + 13);
        var chunks = Split(blob, 256 * 1024, 256 * 1024);
        var (first, second, third) = (chunks[0], chunks[1], chunks[2]);
        var upload = await StartUploadAsync(http, "e2e/chunked-416");
        upload = await PatchAcceptedAsync(http, upload, blob, first.Offset, first.Length);

        // The same chunk again: the registry already has those bytes at that offset.
        using (var repeated = await PatchAsync(http, upload, blob, first.Offset, first.Length))
        {
            Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, repeated.StatusCode);
        }

        await AssertUploadProgressAsync(http, upload, first.Length);

        // The third chunk before the second: a gap the registry cannot fill.
        using (var gap = await PatchAsync(http, upload, blob, third.Offset, third.Length))
        {
            Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, gap.StatusCode);
        }

        await AssertUploadProgressAsync(http, upload, first.Length);

        // Both rejections left the session intact: resume where it stopped and finish.
        upload = await PatchAcceptedAsync(http, upload, blob, second.Offset, second.Length);
        upload = await PatchAcceptedAsync(http, upload, blob, third.Offset, third.Length);
        var digest = Digest.Sha256(blob);
        await CompleteAsync(http, upload, "e2e/chunked-416", digest);
        await AssertBlobAsync(http, "e2e/chunked-416", digest, blob);
    }

    public void Dispose() => output.WriteLine(registry.LogTail());

    /// <summary>Cuts the blob into chunks of the given sizes plus a final chunk with the rest.</summary>
    private static List<(int Offset, int Length)> Split(byte[] blob, params int[] sizes)
    {
        var chunks = new List<(int Offset, int Length)>();
        var offset = 0;
        foreach (var size in sizes)
        {
            chunks.Add((offset, size));
            offset += size;
        }

        chunks.Add((offset, blob.Length - offset));
        return chunks;
    }

    private static async Task<Uri> StartUploadAsync(HttpClient http, string repository)
    {
        using var response = await http.PostAsync($"v2/{repository}/blobs/uploads/", new ByteArrayContent([]));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return Location(http, response);
    }

    private static async Task<HttpResponseMessage> PatchAsync(HttpClient http, Uri upload, byte[] blob, int offset, int length)
    {
        var content = new ByteArrayContent(blob, offset, length);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        // The spec's Content-Range for uploads is "start-end" (inclusive), not the RFC 9110
        // "bytes start-end/total" form that HttpClient's typed header would produce.
        Assert.True(content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + length - 1}"));
        return await http.PatchAsync(upload, content);
    }

    /// <summary>PATCHes a chunk that must be accepted and returns the Location for the next request.</summary>
    private static async Task<Uri> PatchAcceptedAsync(HttpClient http, Uri upload, byte[] blob, int offset, int length)
    {
        using var response = await PatchAsync(http, upload, blob, offset, length);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"0-{offset + length - 1}", Header(response, "Range"));
        return Location(http, response);
    }

    /// <summary>GET on the upload URL reports how many bytes the registry holds (204, Range: 0-LAST).</summary>
    private static async Task AssertUploadProgressAsync(HttpClient http, Uri upload, int bytesReceived)
    {
        using var response = await http.GetAsync(upload);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal($"0-{bytesReceived - 1}", Header(response, "Range"));
    }

    private static async Task CompleteAsync(HttpClient http, Uri upload, string repository, string digest)
    {
        var separator = upload.Query.Length > 0 ? "&" : "?";
        var url = new Uri(upload + separator + "digest=" + Uri.EscapeDataString(digest));
        using var response = await http.PutAsync(url, new ByteArrayContent([]));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(digest, Header(response, "Docker-Content-Digest"));
        Assert.EndsWith($"/v2/{repository}/blobs/{digest}", Location(http, response).AbsolutePath);
    }

    private static async Task AssertBlobAsync(HttpClient http, string repository, string digest, byte[] expected)
    {
        using var response = await http.GetAsync($"v2/{repository}/blobs/{digest}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(digest, Header(response, "Docker-Content-Digest"));
        var actual = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(expected.Length, actual.Length);
        Assert.True(expected.AsSpan().SequenceEqual(actual), "blob bytes differ from what was uploaded");
    }

    /// <summary>Location may be absolute or relative to the registry; either way it is followed as given.</summary>
    private static Uri Location(HttpClient http, HttpResponseMessage response)
    {
        var location = Header(response, "Location");
        Assert.False(string.IsNullOrEmpty(location), $"{(int)response.StatusCode} response without Location");
        return new Uri(http.BaseAddress!, location);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : null;
}
