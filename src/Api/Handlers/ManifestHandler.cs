using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using OrleansRegistry.Api.Hosting;
using OrleansRegistry.Api.Http;
using OrleansRegistry.Api.Manifests;
using OrleansRegistry.Api.Observability;
using OrleansRegistry.Application.Manifests;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Api.Handlers;

/// <summary><c>/v2/&lt;name&gt;/manifests/&lt;reference&gt;</c>: GET, HEAD, PUT and DELETE by tag or digest.</summary>
public sealed class ManifestHandler(ManifestService manifests, IOptions<ApiOptions> options)
{
    public async Task GetAsync(HttpContext context, RepositoryName name, string referenceText)
    {
        // Nothing can be tagged with a malformed tag, so reading one finds nothing (the conformance suite's
        // "nonexistent manifest" is such a tag); a malformed digest stays a client error.
        if (!referenceText.Contains(':') && !Tag.IsValid(referenceText))
        {
            throw new RegistryException(RegistryErrorCode.ManifestUnknown, $"{name}:{ClientText.Printable(referenceText)}");
        }

        var reference = ManifestReference.Parse(referenceText);
        var (manifest, outcome) = await manifests.GetAsync(name, reference, context.RequestAborted);
        CacheLog.Record(context, outcome);
        var accepted = AcceptedMediaTypes.From(context.Request.Headers.Accept);
        if (!accepted.Accepts(manifest.MediaType))
        {
            manifest = await manifests.GetPlatformDefaultAsync(name, manifest, context.RequestAborted) is { } child && accepted.Accepts(child.MediaType)
                ? child
                : throw new RegistryException(
                    RegistryErrorCode.ManifestUnknown,
                    $"the manifest is {manifest.MediaType}, which the request's Accept headers do not accept");
        }

        var response = context.Response;
        var etag = new EntityTagHeaderValue($"\"{manifest.Digest}\"");
        response.Headers[RegistryHeaders.ContentDigest] = manifest.Digest.ToString();
        response.Headers.ETag = etag.ToString();
        if (MatchesAny(context.Request.Headers.IfNoneMatch, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = manifest.MediaType;
        response.ContentLength = manifest.Size;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        var content = await manifests.GetContentAsync(manifest, context.RequestAborted);
        await response.Body.WriteAsync(content, context.RequestAborted);
    }

    public async Task PutAsync(HttpContext context, RepositoryName name, string referenceText)
    {
        var reference = ManifestReference.Parse(referenceText);
        var tagParameters = TagParametersOf(context.Request, reference);
        var content = await ReadBodyAsync(context.Request, options.Value.MaxManifestBytes, context.RequestAborted);
        var tags = reference.Tag is { } tag ? [tag] : tagParameters;
        var parsed = await manifests.PutAsync(name, reference, tags, content, context.Request.ContentType, context.RequestAborted);

        var response = context.Response;
        response.StatusCode = StatusCodes.Status201Created;
        response.Headers.Location = $"/v2/{name}/manifests/{parsed.Digest}";
        response.Headers[RegistryHeaders.ContentDigest] = parsed.Digest.ToString();
        if (parsed.Subject is { } subject)
        {
            response.Headers[RegistryHeaders.Subject] = subject.Digest.ToString();
        }

        foreach (var pushed in tagParameters)
        {
            response.Headers.Append(RegistryHeaders.Tag, pushed.Value);
        }

        response.ContentLength = 0;
    }

    public async Task DeleteAsync(HttpContext context, RepositoryName name, string referenceText)
    {
        if (!options.Value.DeleteEnabled)
        {
            throw new RegistryException(RegistryErrorCode.Unsupported, "deletes are disabled on this registry");
        }

        await manifests.DeleteAsync(name, ManifestReference.Parse(referenceText));
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.ContentLength = 0;
    }

    /// <summary>
    /// The spec's main branch: a push by digest may name tags to point at the manifest, <c>?tag=a&amp;tag=b</c>. Every
    /// one is parsed before anything is read or stored, so one bad tag refuses the whole push. On a push by tag they
    /// would make two answers to which tags the manifest gets, so they are refused there.
    /// </summary>
    private static Tag[] TagParametersOf(HttpRequest request, ManifestReference reference)
    {
        var parameters = request.Query["tag"];
        if (reference.Tag is not null && parameters.Count > 0)
        {
            throw new RegistryException(RegistryErrorCode.TagInvalid, "tag parameters are only allowed on a push by digest");
        }

        return parameters.Select(parameter => Tag.Parse(parameter ?? "")).Distinct().ToArray();
    }

    /// <summary>RFC 9110 If-None-Match: a list of entity tags compared weakly, or <c>*</c>.</summary>
    private static bool MatchesAny(StringValues ifNoneMatch, EntityTagHeaderValue etag) =>
        EntityTagHeaderValue.TryParseList(ifNoneMatch, out var candidates)
        && candidates.Any(candidate => candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(etag, useStrongComparison: false));

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 16 * 1024);
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static RegistryException TooLarge(int maxBytes) =>
        new(RegistryErrorCode.SizeInvalid, $"manifests are limited to {maxBytes} bytes", HttpStatusCode.RequestEntityTooLarge);
}
