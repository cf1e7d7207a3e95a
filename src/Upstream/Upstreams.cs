using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Upstream;

/// <summary>
/// The configured upstreams, and which of them a name belongs to. Every form of request for an upstream is served
/// from one local repository, <c>PREFIX/UPSTREAM-NAME</c>: the prefix form (<c>dockerhub/alpine</c>, with the
/// single-component rule), the Docker daemon's mirror form (<c>library/alpine</c>, for the upstream marked
/// <see cref="Upstream.RegistryMirror"/>) and containerd's (<c>library/alpine?ns=docker.io</c>).
/// </summary>
public sealed class Upstreams
{
    private readonly UpstreamRegistry? _mirror;

    public Upstreams(IReadOnlyList<UpstreamRegistry> all)
    {
        All = all;
        _mirror = all.SingleOrDefault(upstream => upstream.RegistryMirror);
    }

    public IReadOnlyList<UpstreamRegistry> All { get; }

    public static Upstreams None { get; } = new([]);

    /// <summary>The upstream a local name caches: names under an upstream's prefix; null for the registry's own.</summary>
    public ProxiedRepository? Find(RepositoryName local)
    {
        foreach (var upstream in All)
        {
            if (local.Value.StartsWith(upstream.Prefix + "/", StringComparison.Ordinal))
            {
                var upstreamName = upstream.UpstreamNameOf(local.Value[(upstream.Prefix.Length + 1)..]);
                return new ProxiedRepository(upstream, upstream.LocalNameOf(upstreamName), upstreamName);
            }
        }

        return null;
    }

    /// <summary>The repository that answers a request for <paramref name="requested"/>.</summary>
    /// <param name="ns">The request's <c>ns</c> parameter: an upstream's host routes the request there; any other is ignored.</param>
    public RequestedRepository Resolve(RepositoryName requested, string? ns)
    {
        if (!string.IsNullOrEmpty(ns) && All.FirstOrDefault(u => string.Equals(u.Namespace, ns, StringComparison.OrdinalIgnoreCase)) is { } named)
        {
            return new RequestedRepository(Proxy(named, requested).Local, Proxy(named, requested), named.Namespace);
        }

        if (Find(requested) is { } prefixed)
        {
            return new RequestedRepository(prefixed.Local, prefixed, null);
        }

        return _mirror is { } mirror
            ? new RequestedRepository(Proxy(mirror, requested).Local, Proxy(mirror, requested), null)
            : new RequestedRepository(requested, null, null);
    }

    private static ProxiedRepository Proxy(UpstreamRegistry upstream, RepositoryName requested)
    {
        var upstreamName = upstream.UpstreamNameOf(requested.Value);
        return new ProxiedRepository(upstream, upstream.LocalNameOf(upstreamName), upstreamName);
    }
}
