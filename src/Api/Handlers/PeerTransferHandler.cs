using System.Net;
using OrleansRegistry.Api.Http;
using OrleansRegistry.Application.PullThrough;
using OrleansRegistry.Core.Errors;

namespace OrleansRegistry.Api.Handlers;

/// <summary>
/// <c>GET /_registry/transfers/{id}</c>: a blob this gateway is fetching from an upstream, streamed to another gateway
/// of the cluster while it comes, for whoever shows the transfer's token (which only the cluster's grains hand
/// out). Its last byte comes once the blob verified and is stored; a transfer that fails breaks the stream off.
/// </summary>
public sealed class PeerTransferHandler(BlobTransfers transfers)
{
    public async Task GetAsync(HttpContext context, Guid id)
    {
        var token = context.Request.Headers[PeerTransfers.TokenHeader].ToString();
        await using var reader = transfers.OpenForPeer(id, token);
        if (reader is null)
        {
            // The same answer for an unknown id and a wrong token: neither tells a guesser anything.
            await ErrorResponse.WriteAsync(context, RegistryErrorCode.BlobUnknown, "no such transfer", HttpStatusCode.NotFound);
            return;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/octet-stream";
        response.ContentLength = reader.Length;
        await reader.CopyToAsync(response.Body, context.RequestAborted);
    }
}
