using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Manifests;
using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Upstream;

/// <summary>
/// Reads manifests and blobs from upstream registries as their own clients do: anonymously first, then as the
/// <c>WWW-Authenticate</c> challenge asks (a token per scope, from the cluster-wide <see cref="IUpstreamTokenCache"/>,
/// or the configured Basic credentials), and with the token at once once the realm is known. Credentials of the
/// local client are never sent: only the upstream's own settings. Blob redirects (Docker Hub's CDN) are followed
/// without the Authorization header, which HttpClient drops on a redirect.
/// </summary>
public sealed class UpstreamClient(IHttpClientFactory clients, IUpstreamTokenCache tokens, TimeProvider time)
{
    public const string HttpClientName = "OrleansRegistry.Upstream";

    /// <summary>The spec asks registries to take manifests of at least 4 MiB; a larger one is refused, not cached.</summary>
    public const int MaxManifestBytes = 4 * 1024 * 1024;

    /// <summary>The Docker token specification's default lifetime, where a token server gives none.</summary>
    private static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromSeconds(60);

    private static readonly string[] ManifestTypes = [MediaTypes.OciIndex, MediaTypes.OciManifest, MediaTypes.DockerManifestList, MediaTypes.DockerManifest];

    /// <summary>Per upstream, the challenge it answered last, so that later requests carry their token from the start.</summary>
    private readonly ConcurrentDictionary<string, BearerChallenge> _challenges = new();

    public async Task<UpstreamManifestHead> HeadManifestAsync(ProxiedRepository repository, ManifestReference reference, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(repository, HttpMethod.Head, $"manifests/{reference}", ManifestTypes, cancellationToken);
        EnsureSuccess(repository.Upstream, response, $"manifest {repository.UpstreamName}:{reference}");
        return new UpstreamManifestHead(ContentDigestOf(response), response.Content.Headers.ContentType?.MediaType);
    }

    public async Task<UpstreamManifest> GetManifestAsync(ProxiedRepository repository, ManifestReference reference, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(repository, HttpMethod.Get, $"manifests/{reference}", ManifestTypes, cancellationToken);
        EnsureSuccess(repository.Upstream, response, $"manifest {repository.UpstreamName}:{reference}");
        if (response.Content.Headers.ContentLength > MaxManifestBytes)
        {
            throw new UpstreamException(repository.Upstream, response.StatusCode, null, $"the manifest {reference} is larger than {MaxManifestBytes} bytes");
        }

        try
        {
            using var body = new MemoryStream();
            await using var content = await response.Content.ReadAsStreamAsync(cancellationToken);
            await CopyBoundedAsync(content, body, repository.Upstream, reference, cancellationToken).WaitAsync(repository.Upstream.Timeout, time, cancellationToken);
            return new UpstreamManifest(body.ToArray(), response.Content.Headers.ContentType?.MediaType, ContentDigestOf(response));
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException)
        {
            throw new UpstreamException(repository.Upstream, null, null, $"the manifest {reference} could not be read: {e.Message}", e);
        }
    }

    /// <summary>Opens a blob's body; the caller reads it and must dispose what it gets.</summary>
    public async Task<UpstreamBlob> OpenBlobAsync(ProxiedRepository repository, Digest digest, CancellationToken cancellationToken)
    {
        var response = await SendAsync(repository, HttpMethod.Get, $"blobs/{digest}", [], cancellationToken);
        try
        {
            EnsureSuccess(repository.Upstream, response, $"blob {digest}");
            return new UpstreamBlob(response, await response.Content.ReadAsStreamAsync(cancellationToken));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static async Task CopyBoundedAsync(Stream content, MemoryStream body, UpstreamRegistry upstream, ManifestReference reference, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (body.Length + read > MaxManifestBytes)
            {
                throw new UpstreamException(upstream, HttpStatusCode.OK, null, $"the manifest {reference} is larger than {MaxManifestBytes} bytes");
            }

            body.Write(buffer, 0, read);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(
        ProxiedRepository repository, HttpMethod method, string path, IReadOnlyList<string> accept, CancellationToken cancellationToken)
    {
        var upstream = repository.Upstream;
        var scope = $"repository:{repository.UpstreamName}:pull";
        var authorization = upstream.Credentials.StaticBearer;
        if (authorization is null && _challenges.TryGetValue(upstream.Name, out var known))
        {
            authorization = await AnswerAsync(upstream, known, scope, cancellationToken);
        }

        var uri = new Uri(upstream.BaseUri, $"v2/{repository.UpstreamName}/{path}");
        var response = await SendOnceAsync(upstream, method, uri, accept, authorization, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized || upstream.Credentials.StaticBearer is not null
            || BearerChallenge.Parse(response.Headers.WwwAuthenticate) is not { } challenge)
        {
            return response;
        }

        if (authorization?.Scheme == "Bearer")
        {
            // The token we sent was refused (expired early, revoked): the next one is asked for anew.
            await tokens.ForgetAsync(upstream, scope);
        }

        _challenges[upstream.Name] = challenge;
        var answer = await AnswerAsync(upstream, challenge, scope, cancellationToken);
        if (answer is null)
        {
            return response;
        }

        response.Dispose();
        return await SendOnceAsync(upstream, method, uri, accept, answer, cancellationToken);
    }

    /// <summary>The Authorization a challenge asks for, or null where this registry has nothing to answer it with.</summary>
    private async Task<AuthenticationHeaderValue?> AnswerAsync(UpstreamRegistry upstream, BearerChallenge challenge, string scope, CancellationToken cancellationToken)
    {
        if (challenge.IsBasic)
        {
            return upstream.Credentials.Basic;
        }

        var token = await tokens.GetAsync(upstream, scope, ct => FetchTokenAsync(upstream, challenge, scope, ct), cancellationToken);
        return new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>
    /// Asks the realm for a token (<c>GET realm?service=…&amp;scope=…</c>), with the upstream's Basic credentials
    /// where configured and anonymously otherwise, as Docker Hub's anonymous pulls do.
    /// </summary>
    private async Task<UpstreamToken> FetchTokenAsync(UpstreamRegistry upstream, BearerChallenge challenge, string scope, CancellationToken cancellationToken)
    {
        var query = $"scope={Uri.EscapeDataString(scope)}";
        if (challenge.Service is { } service)
        {
            query = $"service={Uri.EscapeDataString(service)}&{query}";
        }

        var realm = new UriBuilder(challenge.Realm!) { Query = string.IsNullOrEmpty(challenge.Realm!.Query) ? query : challenge.Realm.Query.TrimStart('?') + "&" + query }.Uri;
        using var response = await SendOnceAsync(upstream, HttpMethod.Get, realm, [], upstream.Credentials.Basic, cancellationToken);
        EnsureSuccess(upstream, response, $"a token for {scope} from {realm.GetLeftPart(UriPartial.Path)}");
        var issued = time.GetUtcNow();
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
            var root = json.RootElement;
            var token = (root.TryGetProperty("token", out var t) ? t.GetString() : null) ?? (root.TryGetProperty("access_token", out var a) ? a.GetString() : null);
            if (string.IsNullOrEmpty(token))
            {
                throw new UpstreamException(upstream, response.StatusCode, null, $"the token server gave no token for {scope}");
            }

            var lifetime = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) && seconds > 0 ? TimeSpan.FromSeconds(seconds) : DefaultTokenLifetime;
            // A little before it runs out, so that a request never leaves with a token that expires on the way.
            return new UpstreamToken(token, issued + lifetime * 0.9);
        }
        catch (JsonException e)
        {
            throw new UpstreamException(upstream, response.StatusCode, null, $"the token server answered no JSON: {e.Message}", e);
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(
        UpstreamRegistry upstream, HttpMethod method, Uri uri, IReadOnlyList<string> accept, AuthenticationHeaderValue? authorization, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        foreach (var type in accept)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        request.Headers.Authorization = authorization;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(upstream.Timeout);
        try
        {
            return await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new UpstreamException(upstream, null, null, $"{method} {uri.AbsolutePath} failed: {e.Message}", e);
        }
    }

    private void EnsureSuccess(UpstreamRegistry upstream, HttpResponseMessage response, string what)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var retryAfter = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - time.GetUtcNow(),
            _ => (TimeSpan?)null,
        };
        throw new UpstreamException(upstream, response.StatusCode, retryAfter > TimeSpan.Zero ? retryAfter : null, $"{what}: {(int)response.StatusCode} {response.ReasonPhrase}");
    }

    private static Digest? ContentDigestOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Docker-Content-Digest", out var values) && Digest.TryParse(values.FirstOrDefault(), out var digest) ? digest : null;
}
