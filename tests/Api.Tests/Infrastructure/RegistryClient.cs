using System.Net;
using System.Net.Http.Headers;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Infrastructure;

/// <summary>
/// Raw HTTP access to a registry, plus the few push workflows tests build on. The workflows assert that each of
/// their steps succeeds, so a test that uses them fails at the step that broke.
/// </summary>
public sealed class RegistryClient(HttpClient http, Uri address) : IDisposable
{
    public HttpClient Http => http;

    /// <summary>Where the registry listens, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri Address => address;

    public Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, HttpContent? content = null, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        foreach (var (name, value) in headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                throw new ArgumentException($"{name} is not a request header", nameof(headers));
            }
        }

        return http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path, params (string Name, string Value)[] headers) =>
        SendAsync(HttpMethod.Get, path, null, headers);

    public Task<HttpResponseMessage> HeadAsync(string path, params (string Name, string Value)[] headers) =>
        SendAsync(HttpMethod.Head, path, null, headers);

    public Task<HttpResponseMessage> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public Task<HttpResponseMessage> PostAsync(string path, HttpContent? content = null) => SendAsync(HttpMethod.Post, path, content);

    public Task<HttpResponseMessage> PutAsync(string path, HttpContent? content = null) => SendAsync(HttpMethod.Put, path, content);

    /// <summary>A PATCH of upload bytes; with <paramref name="contentRange"/> it is a chunk of a chunked upload.</summary>
    public Task<HttpResponseMessage> PatchAsync(string path, byte[] content, string? contentRange = null) =>
        SendAsync(HttpMethod.Patch, path, Bytes(content, contentRange));

    /// <summary>Upload bytes as <c>application/octet-stream</c>, with a Content-Range if given.</summary>
    public static ByteArrayContent Bytes(byte[] content, string? contentRange = null)
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (contentRange is not null)
        {
            // The spec's chunk form "start-end" is no RFC 9110 Content-Range, so it bypasses validation.
            body.Headers.TryAddWithoutValidation("Content-Range", contentRange);
        }

        return body;
    }

    /// <summary>A manifest body with its Content-Type, or none.</summary>
    public static ByteArrayContent Manifest(byte[] content, string? mediaType)
    {
        var body = new ByteArrayContent(content);
        if (mediaType is not null)
        {
            body.Headers.TryAddWithoutValidation("Content-Type", mediaType);
        }

        return body;
    }

    /// <summary>Path plus a query string joiner that respects a Location that already has a query.</summary>
    public static string WithQuery(string location, string query) => location + (location.Contains('?') ? "&" : "?") + query;

    /// <summary>Starts an upload session and returns its Location.</summary>
    public async Task<string> StartUploadAsync(string repository)
    {
        using var response = await PostAsync($"/v2/{repository}/blobs/uploads/");
        await ExpectAsync(response, HttpStatusCode.Accepted, $"starting an upload in {repository}");
        return response.Location();
    }

    /// <summary>Pushes a blob as clients do: POST, one PATCH with every byte, PUT with the digest.</summary>
    public async Task<ContentDescriptor> PushBlobAsync(string repository, byte[] content, string mediaType = "application/octet-stream")
    {
        var location = await StartUploadAsync(repository);
        using (var patched = await PatchAsync(location, content))
        {
            await ExpectAsync(patched, HttpStatusCode.Accepted, $"streaming a blob to {repository}");
            location = patched.Location();
        }

        var digest = TestContent.Sha256(content);
        using var finished = await PutAsync(WithQuery(location, "digest=" + digest));
        await ExpectAsync(finished, HttpStatusCode.Created, $"finishing a blob upload in {repository}");
        return new ContentDescriptor(mediaType, digest, content.Length);
    }

    /// <summary>Pushes a manifest and returns the digest the registry answered with.</summary>
    public async Task<string> PushManifestAsync(string repository, string reference, byte[] manifest, string? mediaType)
    {
        using var response = await PutAsync($"/v2/{repository}/manifests/{reference}", Manifest(manifest, mediaType));
        await ExpectAsync(response, HttpStatusCode.Created, $"pushing manifest {repository}:{reference}");
        return response.Header("Docker-Content-Digest") ?? throw new Xunit.Sdk.XunitException("no Docker-Content-Digest on a manifest push");
    }

    /// <summary>Pushes a small OCI image (config and one random layer) and tags it, or pushes it by digest.</summary>
    public async Task<PushedImage> PushImageAsync(
        string repository,
        string? tag = null,
        ContentDescriptor? subject = null,
        string? artifactType = null,
        IReadOnlyDictionary<string, string>? annotations = null)
    {
        var config = await PushBlobAsync(
            repository, TestContent.Utf8($$"""{"architecture":"amd64","os":"linux","nonce":"{{Guid.NewGuid()}}"}"""), MediaTypeNames.OciConfig);
        var layerContent = TestContent.RandomBytes(1024);
        var layer = await PushBlobAsync(repository, layerContent, MediaTypeNames.OciLayer);
        var manifestContent = TestManifests.OciImage(config, [layer], subject, artifactType, annotations);
        var manifest = ContentDescriptor.Of(MediaTypeNames.OciManifest, manifestContent);
        await PushManifestAsync(repository, tag ?? manifest.Digest, manifestContent, MediaTypeNames.OciManifest);
        return new PushedImage(repository, config, layer, layerContent, manifest, manifestContent);
    }

    /// <summary>Pushes a small Docker schema 2 image for one platform, by digest unless a tag is given.</summary>
    public async Task<PushedImage> PushDockerImageAsync(string repository, string architecture = "amd64", string? tag = null)
    {
        var config = await PushBlobAsync(
            repository,
            TestContent.Utf8($$"""{"architecture":"{{architecture}}","os":"linux","nonce":"{{Guid.NewGuid()}}"}"""),
            MediaTypeNames.DockerConfig);
        var layerContent = TestContent.RandomBytes(512);
        var layer = await PushBlobAsync(repository, layerContent, MediaTypeNames.DockerLayer);
        var manifestContent = TestManifests.DockerImage(config, [layer]);
        var manifest = ContentDescriptor.Of(MediaTypeNames.DockerManifest, manifestContent);
        await PushManifestAsync(repository, tag ?? manifest.Digest, manifestContent, MediaTypeNames.DockerManifest);
        return new PushedImage(repository, config, layer, layerContent, manifest, manifestContent);
    }

    /// <summary>Pushes OCI's empty config blob <c>{}</c>, which artifacts use as their config.</summary>
    public Task<ContentDescriptor> PushEmptyConfigAsync(string repository) =>
        PushBlobAsync(repository, TestContent.Utf8("{}"), MediaTypeNames.OciEmpty);

    public void Dispose() => http.Dispose();

    private static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode status, string step)
    {
        if (response.StatusCode != status)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new Xunit.Sdk.XunitException($"{step}: expected {(int)status}, got {(int)response.StatusCode} {body}");
        }
    }
}
