using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OrleansRegistry.Bench.Content;

namespace OrleansRegistry.Bench.Client;

/// <summary>
/// The registry HTTP API as docker, podman and skopeo use it, over one pooled <see cref="HttpClient"/>: every call
/// checks the status the spec gives, and uploads follow the <c>Location</c> the registry returns, query included.
/// </summary>
public sealed class RegistryApi : IDisposable
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar";

    /// <summary>The six Accept lines a manifest GET of containers/image (podman, skopeo, buildah) carries.</summary>
    private static readonly string[] ManifestAccept =
    [
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.distribution.manifest.v1+prettyjws",
        "application/vnd.docker.distribution.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.index.v1+json",
    ];

    public RegistryApi(Uri baseAddress)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = 256,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        Http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(30) };
    }

    public HttpClient Http { get; }

    /// <summary><c>HEAD</c> of a blob: whether the repository has it.</summary>
    public async Task<bool> BlobExistsAsync(string repository, string digest, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, $"/v2/{repository}/blobs/{digest}");
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => true,
            HttpStatusCode.NotFound => false,
            _ => throw await UnexpectedAsync(response, "HEAD blob"),
        };
    }

    /// <summary>
    /// A blob upload the way docker, podman and skopeo do it: <c>POST</c>, one <c>PATCH</c> with the whole body,
    /// <c>PUT ?digest=</c> with no body.
    /// </summary>
    public async Task PushBlobAsync(string repository, string digest, HttpContent body, CancellationToken cancellationToken = default)
    {
        var location = await StartUploadAsync(repository, cancellationToken);
        using (var patch = new HttpRequestMessage(HttpMethod.Patch, location) { Content = body })
        using (var response = await Http.SendAsync(patch, cancellationToken))
        {
            await ExpectAsync(response, HttpStatusCode.Accepted, "PATCH upload");
            location = LocationOf(response);
        }

        await FinishUploadAsync(location, digest, cancellationToken);
    }

    /// <summary>A chunked upload: <c>PATCH</c>es of <paramref name="chunkBytes"/> with <c>Content-Range</c>, in order.</summary>
    public async Task PushBlobChunkedAsync(string repository, BlobContent content, string digest, int chunkBytes, CancellationToken cancellationToken = default)
    {
        var location = await StartUploadAsync(repository, cancellationToken);
        for (long offset = 0; offset < content.Length; offset += chunkBytes)
        {
            var length = Math.Min(chunkBytes, content.Length - offset);
            using var chunk = new StreamedContent(content, offset, length);
            // The spec's form, without "bytes=": first-last, inclusive.
            chunk.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + length - 1}");
            using var patch = new HttpRequestMessage(HttpMethod.Patch, location) { Content = chunk };
            using var response = await Http.SendAsync(patch, cancellationToken);
            await ExpectAsync(response, HttpStatusCode.Accepted, "PATCH chunk");
            location = LocationOf(response);
        }

        await FinishUploadAsync(location, digest, cancellationToken);
    }

    /// <summary>A small blob as a client pushes one: <c>HEAD</c> first, upload only when missing.</summary>
    public async Task<bool> PushSmallBlobAsync(string repository, byte[] bytes, string digest, CancellationToken cancellationToken = default)
    {
        if (await BlobExistsAsync(repository, digest, cancellationToken))
        {
            return false;
        }

        var body = new ByteArrayContent(bytes);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        await PushBlobAsync(repository, digest, body, cancellationToken);
        return true;
    }

    /// <summary><c>POST ?mount=&amp;from=</c>: links a blob of another repository; true when mounted (201).</summary>
    public async Task<bool> MountBlobAsync(string repository, string digest, string from, CancellationToken cancellationToken = default)
    {
        using var content = new ByteArrayContent([]);
        using var response = await Http.PostAsync(
            $"/v2/{repository}/blobs/uploads/?mount={Uri.EscapeDataString(digest)}&from={Uri.EscapeDataString(from)}", content, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            return true;
        }

        await ExpectAsync(response, HttpStatusCode.Accepted, "POST mount");
        // Not mounted: an upload was started instead; cancel it.
        using var cancel = await Http.DeleteAsync(Resolve(LocationOf(response)), cancellationToken);
        return false;
    }

    public async Task PutManifestAsync(string repository, string reference, byte[] manifest, string mediaType, CancellationToken cancellationToken = default)
    {
        using var content = new ByteArrayContent(manifest);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await Http.PutAsync($"/v2/{repository}/manifests/{reference}", content, cancellationToken);
        await ExpectAsync(response, HttpStatusCode.Created, "PUT manifest");
    }

    /// <summary><c>GET</c> of a manifest with the six Accept lines of containers/image; returns its length.</summary>
    public async Task<int> GetManifestAsync(string repository, string reference, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/{repository}/manifests/{reference}");
        foreach (var type in ManifestAccept)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        using var response = await Http.SendAsync(request, cancellationToken);
        await ExpectAsync(response, HttpStatusCode.OK, "GET manifest");
        return (await response.Content.ReadAsByteArrayAsync(cancellationToken)).Length;
    }

    /// <summary>
    /// <c>GET</c> of a blob, or of one range of it, handing every received buffer to <paramref name="consume"/>
    /// (with the offset in the blob it starts at); returns the number of bytes received.
    /// </summary>
    public async Task<long> GetBlobAsync(
        string repository, string digest, (long Start, long Length)? range, byte[] buffer, Action<long, ReadOnlyMemory<byte>>? consume,
        CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/{repository}/blobs/{digest}");
        if (range is { } r)
        {
            request.Headers.Range = new RangeHeaderValue(r.Start, r.Start + r.Length - 1);
        }

        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await ExpectAsync(response, range is null ? HttpStatusCode.OK : HttpStatusCode.PartialContent, "GET blob");
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var start = range?.Start ?? 0;
        long received = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            consume?.Invoke(start + received, buffer.AsMemory(0, read));
            received += read;
        }

        return received;
    }

    /// <summary>A <c>GET</c> whose body is read whole (listings); returns the body and the <c>Link</c> header.</summary>
    public async Task<(byte[] Body, string? Link)> GetListingAsync(string pathAndQuery, CancellationToken cancellationToken = default)
    {
        using var response = await Http.GetAsync(pathAndQuery, cancellationToken);
        await ExpectAsync(response, HttpStatusCode.OK, $"GET {pathAndQuery}");
        var link = response.Headers.TryGetValues("Link", out var values) ? values.FirstOrDefault() : null;
        return (await response.Content.ReadAsByteArrayAsync(cancellationToken), link);
    }

    public void Dispose() => Http.Dispose();

    private async Task<Uri> StartUploadAsync(string repository, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent([]);
        using var response = await Http.PostAsync($"/v2/{repository}/blobs/uploads/", content, cancellationToken);
        await ExpectAsync(response, HttpStatusCode.Accepted, "POST upload");
        return LocationOf(response);
    }

    private async Task FinishUploadAsync(Uri location, string digest, CancellationToken cancellationToken)
    {
        var separator = string.IsNullOrEmpty(location.Query) ? "?" : "&";
        using var put = new HttpRequestMessage(HttpMethod.Put, $"{location.AbsoluteUri}{separator}digest={Uri.EscapeDataString(digest)}")
        {
            Content = new ByteArrayContent([]),
        };
        using var response = await Http.SendAsync(put, cancellationToken);
        await ExpectAsync(response, HttpStatusCode.Created, "PUT upload");
    }

    private Uri LocationOf(HttpResponseMessage response) =>
        Resolve(response.Headers.Location ?? throw new InvalidOperationException($"{response.RequestMessage?.Method} answered without a Location"));

    private Uri Resolve(Uri location) => location.IsAbsoluteUri ? location : new Uri(Http.BaseAddress!, location);

    private static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        if (response.StatusCode != expected)
        {
            throw await UnexpectedAsync(response, what, expected);
        }
    }

    private static async Task<Exception> UnexpectedAsync(HttpResponseMessage response, string what, HttpStatusCode? expected = null)
    {
        var body = "";
        try
        {
            body = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
        }

        var wanted = expected is { } e2 ? $", expected {(int)e2}" : "";
        return new HttpRequestException(
            $"{what} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}{wanted}: {body[..Math.Min(body.Length, 500)]}");
    }
}
