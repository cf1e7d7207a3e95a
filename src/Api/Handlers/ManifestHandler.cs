using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using OrleansRegistry.Api.Hosting;
using OrleansRegistry.Api.Http;
using OrleansRegistry.Api.Manifests;
using OrleansRegistry.Api.Observability;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Manifests;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Api.Handlers;

/// <summary><c>/v2/&lt;name&gt;/manifests/&lt;reference&gt;</c>: GET, HEAD, PUT and DELETE by tag or digest.</summary>
public sealed class ManifestHandler(IGrainFactory grains, IBlobStore store, ManifestContentCache cache, RegistryMetrics metrics, IOptions<ApiOptions> options)
{
    public async Task GetAsync(HttpContext context, string name, string referenceText)
    {
        // Nothing can be tagged with a malformed tag, so reading one finds nothing (the conformance suite's
        // "nonexistent manifest" is such a tag); a malformed digest stays a client error.
        if (!referenceText.Contains(':') && !Tag.IsValid(referenceText))
        {
            throw new RegistryException(RegistryErrorCode.ManifestUnknown, $"{name}:{ClientText.Printable(referenceText)}");
        }

        var reference = ManifestReference.Parse(referenceText);

        var repository = grains.GetGrain<IRepositoryGrain>(name);
        var manifest = await repository.GetManifestAsync(reference.ToString());
        var accepted = AcceptedMediaTypes.From(context.Request.Headers.Accept);
        if (!accepted.Accepts(manifest.MediaType))
        {
            manifest = await PlatformDefaultAsync(repository, manifest, accepted, context.RequestAborted)
                ?? throw new RegistryException(
                    RegistryErrorCode.ManifestUnknown,
                    $"the manifest is {manifest.MediaType}, which the request's Accept headers do not accept");
        }

        var digest = Digest.Parse(manifest.Digest);
        var response = context.Response;
        var etag = new EntityTagHeaderValue($"\"{manifest.Digest}\"");
        response.Headers[RegistryHeaders.ContentDigest] = manifest.Digest;
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

        var content = await cache.GetAsync(digest, manifest.Size, context.RequestAborted);
        await response.Body.WriteAsync(content, context.RequestAborted);
    }

    public async Task PutAsync(HttpContext context, string name, string referenceText)
    {
        var reference = ManifestReference.Parse(referenceText);
        var content = await ReadBodyAsync(context.Request, options.Value.MaxManifestBytes, context.RequestAborted);
        var parsed = ManifestParser.Parse(content, context.Request.ContentType, reference.Digest?.Algorithm ?? Digest.Sha256);
        if (reference.Digest is { } expected && parsed.Digest != expected)
        {
            throw new RegistryException(RegistryErrorCode.DigestInvalid, $"the manifest's digest is {parsed.Digest}, not {expected}");
        }

        // Stored before the repository records it: a manifest is visible only once its bytes are in place.
        await store.PutBlobAsync(parsed.Digest, content, context.RequestAborted);
        await grains.GetGrain<IRepositoryGrain>(name).PutManifestAsync(ToRecord(parsed), reference.Tag);
        cache.Add(parsed.Digest, content);
        metrics.ManifestPushed();

        var response = context.Response;
        response.StatusCode = StatusCodes.Status201Created;
        response.Headers.Location = $"/v2/{name}/manifests/{parsed.Digest}";
        response.Headers[RegistryHeaders.ContentDigest] = parsed.Digest.ToString();
        if (parsed.Subject is { } subject)
        {
            response.Headers[RegistryHeaders.Subject] = subject.Digest.ToString();
        }

        response.ContentLength = 0;
    }

    public async Task DeleteAsync(HttpContext context, string name, string referenceText)
    {
        if (!options.Value.DeleteEnabled)
        {
            throw new RegistryException(RegistryErrorCode.Unsupported, "deletes are disabled on this registry");
        }

        var reference = ManifestReference.Parse(referenceText);
        var repository = grains.GetGrain<IRepositoryGrain>(name);
        if (reference.Digest is { } digest)
        {
            await repository.DeleteManifestAsync(digest.ToString());
        }
        else
        {
            await repository.DeleteTagAsync(reference.Tag!);
        }

        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.ContentLength = 0;
    }

    /// <summary>
    /// For a client that cannot read indexes, the linux/amd64 image of one, as Distribution serves it.
    /// </summary>
    private async Task<ManifestRecord?> PlatformDefaultAsync(
        IRepositoryGrain repository, ManifestRecord index, AcceptedMediaTypes accepted, CancellationToken cancellationToken)
    {
        if (!MediaTypes.IsIndex(index.MediaType))
        {
            return null;
        }

        var content = await cache.GetAsync(Digest.Parse(index.Digest), index.Size, cancellationToken);
        var child = ManifestParser.Parse(content, index.MediaType, Digest.Parse(index.Digest).Algorithm).RequiredManifests
            .FirstOrDefault(m => m.Platform is { Os: "linux", Architecture: "amd64" });
        if (child is null)
        {
            return null;
        }

        var manifest = await repository.GetManifestAsync(child.Digest.ToString());
        return accepted.Accepts(manifest.MediaType) ? manifest : null;
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

    private static ManifestRecord ToRecord(ParsedManifest manifest) => new()
    {
        Digest = manifest.Digest.ToString(),
        MediaType = manifest.MediaType,
        Size = manifest.Size,
        ArtifactType = manifest.ArtifactType,
        Subject = manifest.Subject?.Digest.ToString(),
        Annotations = manifest.Annotations,
        Blobs = manifest.RequiredBlobs.Select(d => new BlobLink(d.Digest.ToString(), d.Size)).ToList(),
        Children = manifest.RequiredManifests.Select(d => d.Digest.ToString()).ToList(),
    };
}
