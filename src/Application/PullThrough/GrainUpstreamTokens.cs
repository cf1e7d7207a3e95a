using System.Net;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Abstractions.PullThrough;
using OrleansRegistry.Upstream;

namespace OrleansRegistry.Application.PullThrough;

/// <summary>
/// Upstream tokens in <see cref="IUpstreamFetchGrain"/>s keyed by upstream and scope: one token request per scope
/// per lifetime, whichever gateway needs it. The token is kept in memory, never in storage.
/// </summary>
public sealed class GrainUpstreamTokens(IGrainFactory grains, SingleFlight flight) : IUpstreamTokenCache
{
    public async Task<string> GetAsync(UpstreamRegistry upstream, string scope, Func<CancellationToken, Task<UpstreamToken>> fetch, CancellationToken cancellationToken)
    {
        var turn = await flight.RunAsync(
            UpstreamFetchKey.Token(upstream.Name, scope),
            async fetching =>
            {
                var token = await fetch(fetching);
                return new FetchResult(token.Value, token.ExpiresAt);
            },
            cancellationToken);
        return turn is { Kind: FetchTurnKind.Done, Value: { } value }
            ? value
            : throw new UpstreamException(upstream, (HttpStatusCode?)turn.Failure?.Status, turn.Failure?.RetryAfter, turn.Failure?.Message ?? "no token");
    }

    public Task ForgetAsync(UpstreamRegistry upstream, string scope) => grains.UpstreamFetch(UpstreamFetchKey.Token(upstream.Name, scope)).ForgetAsync();
}
