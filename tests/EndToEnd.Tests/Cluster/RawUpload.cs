using System.Net;
using System.Net.Http.Headers;

namespace OrleansRegistry.EndToEnd.Tests.Cluster;

/// <summary>The upload protocol over raw HTTP, one request at a time, so a test can switch gateways between them.</summary>
internal static class RawUpload
{
    public static async Task<string> StartAsync(HttpClient gateway, string repository)
    {
        using var response = await gateway.PostAsync($"v2/{repository}/blobs/uploads/", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    public static async Task<HttpResponseMessage> PatchAsync(HttpClient gateway, string location, byte[] blob, int start, int end)
    {
        var content = new ByteArrayContent(blob, start, end - start);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.TryAddWithoutValidation("Content-Range", $"{start}-{end - 1}");
        return await gateway.PatchAsync(location, content);
    }

    /// <summary>Where the registry says the upload stands: the end of its <c>Range</c> header, plus one.</summary>
    public static async Task<long> OffsetAsync(HttpClient gateway, string location)
    {
        using var response = await gateway.GetAsync(location);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var range = response.Headers.GetValues("Range").Single();
        var end = long.Parse(range[(range.IndexOf('-') + 1)..]);
        return end == 0 ? 0 : end + 1;
    }

    public static async Task<HttpResponseMessage> FinishAsync(HttpClient gateway, string location, string digest)
    {
        var separator = location.Contains('?') ? '&' : '?';
        return await gateway.PutAsync($"{location}{separator}digest={digest}", null);
    }
}
