using System.Globalization;
using OrleansRegistry.Api.Http;
using OrleansRegistry.Api.Security;
using OrleansRegistry.Application.Uploads;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;

namespace OrleansRegistry.Api.Handlers;

/// <summary>
/// <c>/v2/&lt;name&gt;/blobs/uploads/</c>: starting, mounting, streaming, chunking, finishing and cancelling uploads.
/// </summary>
public sealed class UploadHandler(UploadService uploads, RequestAuthorizer authorizer)
{
    public async Task StartAsync(HttpContext context, RepositoryName name)
    {
        var query = context.Request.Query;
        var algorithm = RequestParsing.ParseDigestAlgorithm(query["digest-algorithm"]);
        var mount = query["mount"].ToString();
        var from = query["from"].ToString();
        // A mount that cannot be done (unknown blob, malformed digest or source) falls back to a new upload, as
        // the spec asks, rather than failing the push. With authentication on, a mount needs pull on its source,
        // so it must name one.
        if (mount.Length > 0 && Digest.TryParse(mount, out var digest) && (from.Length == 0 || RepositoryName.TryParse(from, out _))
            && (from.Length > 0 ? authorizer.IsAllowed(context, AccessScope.Repository(from, RegistryActions.Pull)) : !authorizer.Enabled))
        {
            var mounted = await uploads.MountAsync(name, digest, from.Length > 0 ? RepositoryName.Parse(from) : null);
            if (mounted is not null)
            {
                Created(context, name, mounted.Digest);
                return;
            }
        }

        var monolithicDigest = query["digest"].ToString();
        if (monolithicDigest.Length > 0)
        {
            var whole = RequestParsing.ParseDigest(monolithicDigest);
            if (algorithm is not null && whole.Algorithm != algorithm)
            {
                throw new RegistryException(RegistryErrorCode.DigestInvalid, $"the digest is {whole.Algorithm}, the upload was announced as {algorithm}");
            }

            var blob = await uploads.UploadWholeAsync(name, whole, RequestParsing.HasBody(context.Request) ? context.Request.Body : null, context.RequestAborted);
            Created(context, name, blob.Digest);
            return;
        }

        var status = await uploads.StartAsync(name, context.RequestAborted);
        Accepted(context, status);
        if (uploads.MinimumChunkLength is { } minimum)
        {
            context.Response.Headers[RegistryHeaders.ChunkMinLength] = minimum.ToString(CultureInfo.InvariantCulture);
        }
    }

    public async Task GetStatusAsync(HttpContext context, RepositoryName name, string uploadIdText)
    {
        var status = await uploads.GetStatusAsync(name, UploadId.Parse(uploadIdText));
        Accepted(context, status);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    public async Task PatchAsync(HttpContext context, RepositoryName name, string uploadIdText)
    {
        var uploadId = UploadId.Parse(uploadIdText);
        var bounds = ChunkBoundsOf(context.Request);
        if (bounds is { } b && context.Request.ContentLength is { } length && length != b.Length)
        {
            throw new RegistryException(RegistryErrorCode.RangeInvalid, $"Content-Range spans {b.Length} bytes, Content-Length says {length}");
        }

        try
        {
            var status = await uploads.WriteChunkAsync(name, uploadId, bounds, context.Request.Body, context.RequestAborted);
            Accepted(context, status);
        }
        catch (RegistryGrainException e) when (e.Error == RegistryErrorCode.RangeInvalid)
        {
            // A chunk out of order leaves the upload usable: tell the client where it stands.
            SetProgressHeaders(context, await uploads.GetStatusAsync(name, uploadId));
            throw;
        }
    }

    public async Task FinishAsync(HttpContext context, RepositoryName name, string uploadIdText)
    {
        var uploadId = UploadId.Parse(uploadIdText);
        var digest = RequestParsing.ParseDigest(context.Request.Query["digest"].ToString() is { Length: > 0 } d ? d : null);
        var hasBody = RequestParsing.HasBody(context.Request);
        var blob = await uploads.CompleteAsync(
            name, uploadId, digest, hasBody ? ChunkBoundsOf(context.Request) : null, hasBody ? context.Request.Body : null, context.RequestAborted);
        Created(context, name, blob.Digest);
    }

    public async Task CancelAsync(HttpContext context, RepositoryName name, string uploadIdText)
    {
        await uploads.CancelAsync(name, UploadId.Parse(uploadIdText));
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        context.Response.ContentLength = 0;
    }

    private static ChunkBounds? ChunkBoundsOf(HttpRequest request) =>
        ChunkRange.Parse(request.Headers.ContentRange) is { } range ? new ChunkBounds(range.Start, range.Length) : null;

    private static void Created(HttpContext context, RepositoryName name, Digest digest)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status201Created;
        response.Headers.Location = $"/v2/{name}/blobs/{digest}";
        response.Headers[RegistryHeaders.ContentDigest] = digest.ToString();
        response.ContentLength = 0;
    }

    private static void Accepted(HttpContext context, UploadStatus status)
    {
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        SetProgressHeaders(context, status);
        context.Response.ContentLength = 0;
    }

    private static void SetProgressHeaders(HttpContext context, UploadStatus status)
    {
        var headers = context.Response.Headers;
        headers.Location = $"/v2/{status.Repository}/blobs/uploads/{status.UploadId}";
        // Distribution's form: the inclusive range of accepted bytes, "0-0" before the first.
        headers.Range = string.Create(CultureInfo.InvariantCulture, $"0-{Math.Max(0, status.Offset - 1)}");
        headers[RegistryHeaders.UploadUuid] = status.UploadId.ToString();
    }
}
