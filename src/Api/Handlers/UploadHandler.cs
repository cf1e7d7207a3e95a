using System.Globalization;
using OrleansRegistry.Api.Http;
using OrleansRegistry.Api.Observability;
using OrleansRegistry.Api.Security;
using OrleansRegistry.Api.Uploads;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Api.Handlers;

/// <summary>
/// <c>/v2/&lt;name&gt;/blobs/uploads/</c>: starting, mounting, streaming, chunking, finishing and cancelling uploads.
/// </summary>
public sealed class UploadHandler(IGrainFactory grains, ChunkWriter writer, IBlobStore store, RegistryMetrics metrics, RequestAuthorizer authorizer)
{
    public async Task StartAsync(HttpContext context, string name)
    {
        var query = context.Request.Query;
        var mount = query["mount"].ToString();
        var from = query["from"].ToString();
        // A mount that cannot be done (unknown blob, malformed digest or source) falls back to a new upload, as
        // the spec asks, rather than failing the push. With authentication on, a mount needs pull on its source,
        // so it must name one.
        if (mount.Length > 0 && Digest.TryParse(mount, out var digest) && (from.Length == 0 || RepositoryName.IsValid(from))
            && (from.Length > 0 ? authorizer.IsAllowed(context, AccessScope.Repository(from, RegistryActions.Pull)) : !authorizer.Enabled))
        {
            var mounted = await grains.GetGrain<IRepositoryGrain>(name).MountAsync(digest.ToString(), from.Length > 0 ? from : null);
            if (mounted is not null)
            {
                Created(context, name, mounted.Digest);
                return;
            }
        }

        var monolithicDigest = query["digest"].ToString();
        if (monolithicDigest.Length > 0)
        {
            await UploadWholeAsync(context, name, monolithicDigest);
            return;
        }

        var status = await grains.GetGrain<IUploadSessionGrain>(Guid.NewGuid().ToString()).StartAsync(name);
        Accepted(context, status);
        if (store.MinimumChunkLength is { } minimum)
        {
            context.Response.Headers[RegistryHeaders.ChunkMinLength] = minimum.ToString(CultureInfo.InvariantCulture);
        }
    }

    public async Task GetStatusAsync(HttpContext context, string name, string uploadIdText)
    {
        var status = await grains.GetGrain<IUploadSessionGrain>(RequestParsing.ParseUploadId(uploadIdText)).GetStatusAsync(name);
        Accepted(context, status);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    public async Task PatchAsync(HttpContext context, string name, string uploadIdText)
    {
        var uploadId = RequestParsing.ParseUploadId(uploadIdText);
        var range = ChunkRange.Parse(context.Request.Headers.ContentRange);
        if (range is { } r && context.Request.ContentLength is { } length && length != r.Length)
        {
            throw new RegistryException(RegistryErrorCode.RangeInvalid, $"Content-Range spans {r.Length} bytes, Content-Length says {length}");
        }

        try
        {
            var status = await writer.WriteAsync(name, uploadId, range, context.Request.Body, context.RequestAborted);
            Accepted(context, status);
        }
        catch (RegistryGrainException e) when (e.Code == RegistryErrorCode.RangeInvalid.Code)
        {
            // A chunk out of order leaves the upload usable: tell the client where it stands.
            var status = await grains.GetGrain<IUploadSessionGrain>(uploadId).GetStatusAsync(name);
            SetProgressHeaders(context, status);
            throw;
        }
    }

    public async Task FinishAsync(HttpContext context, string name, string uploadIdText)
    {
        var uploadId = RequestParsing.ParseUploadId(uploadIdText);
        var digest = RequestParsing.ParseDigest(context.Request.Query["digest"].ToString() is { Length: > 0 } d ? d : null);
        if (RequestParsing.HasBody(context.Request))
        {
            await writer.WriteAsync(name, uploadId, ChunkRange.Parse(context.Request.Headers.ContentRange), context.Request.Body, context.RequestAborted);
        }

        var blob = await grains.GetGrain<IUploadSessionGrain>(uploadId).CompleteAsync(name, digest.ToString());
        metrics.BlobPushed();
        Created(context, name, blob.Digest);
    }

    public async Task CancelAsync(HttpContext context, string name, string uploadIdText)
    {
        await grains.GetGrain<IUploadSessionGrain>(RequestParsing.ParseUploadId(uploadIdText)).CancelAsync(name);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        context.Response.ContentLength = 0;
    }

    /// <summary>A monolithic upload: <c>POST ?digest=</c> with the whole blob as the body.</summary>
    private async Task UploadWholeAsync(HttpContext context, string name, string digestText)
    {
        var digest = RequestParsing.ParseDigest(digestText);
        var uploadId = Guid.NewGuid().ToString();
        var session = grains.GetGrain<IUploadSessionGrain>(uploadId);
        await session.StartAsync(name);
        try
        {
            if (RequestParsing.HasBody(context.Request))
            {
                await writer.WriteAsync(name, uploadId, null, context.Request.Body, context.RequestAborted);
            }

            var blob = await session.CompleteAsync(name, digest.ToString());
            metrics.BlobPushed();
        Created(context, name, blob.Digest);
        }
        catch
        {
            // Nothing of a failed monolithic upload stays; the session would otherwise wait for its expiry.
            await session.CancelAsync(name).ContinueWith(_ => { }, TaskScheduler.Default);
            throw;
        }
    }

    private static void Created(HttpContext context, string name, string digest)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status201Created;
        response.Headers.Location = $"/v2/{name}/blobs/{digest}";
        response.Headers[RegistryHeaders.ContentDigest] = digest;
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
        headers[RegistryHeaders.UploadUuid] = status.UploadId;
    }
}
