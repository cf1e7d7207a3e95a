using Microsoft.Extensions.Options;
using OrleansRegistry.Grains.Abstractions.PullThrough;
using OrleansRegistry.Upstream;

namespace OrleansRegistry.Application.PullThrough;

/// <summary>
/// Blob transfers between the gateways of a cluster: where this gateway serves the ones it fetches
/// (<see cref="PullThroughOptions.PeerUrl"/>), and the client that reads another gateway's.
/// </summary>
public sealed class PeerTransfers(IHttpClientFactory http, IOptions<PullThroughOptions> options)
{
    public const string HttpClientName = "peer-transfers";

    /// <summary>The header a gateway shows its token in; the token is all the endpoint trusts.</summary>
    public const string TokenHeader = "Registry-Transfer-Token";

    /// <summary>The endpoint's path, below a gateway's root, followed by a transfer's id.</summary>
    public const string PathPrefix = "/_registry/transfers/";

    /// <summary>Whether other gateways can reach this one: only then are its transfers published.</summary>
    public bool Enabled => options.Value.PeerUrl is not null;

    public PeerTransfer Describe(Guid id, string token, long length) =>
        new(new Uri(options.Value.PeerUrl!, PathPrefix + id.ToString("N")), token, length);

    /// <summary>The other gateway's answer when it streams the transfer (200), null when it cannot (gone, ended, refused).</summary>
    public async Task<HttpResponseMessage?> OpenAsync(PeerTransfer transfer, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, transfer.Source);
        request.Headers.Add(TokenHeader, transfer.Token);
        HttpResponseMessage response;
        try
        {
            response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return null;
        }

        if (response.StatusCode == System.Net.HttpStatusCode.OK && response.Content.Headers.ContentLength == transfer.Length)
        {
            return response;
        }

        response.Dispose();
        return null;
    }
}
