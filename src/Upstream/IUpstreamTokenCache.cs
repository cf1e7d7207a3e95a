namespace OrleansRegistry.Upstream;

/// <summary>
/// Tokens per upstream and scope, shared by every gateway: a token is asked for once per scope per lifetime,
/// however many pulls need it. The cache decides who fetches; <paramref name="fetch"/> is how.
/// </summary>
public interface IUpstreamTokenCache
{
    Task<string> GetAsync(UpstreamRegistry upstream, string scope, Func<CancellationToken, Task<UpstreamToken>> fetch, CancellationToken cancellationToken);

    /// <summary>Drops the token of a scope the upstream refused, so that the next request asks for a new one.</summary>
    Task ForgetAsync(UpstreamRegistry upstream, string scope);
}
