using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Upstream;

/// <summary>A name as a request asked for it, resolved to the local repository that answers it.</summary>
/// <param name="Local">The repository the request is served from, and authorized on.</param>
/// <param name="Proxied">Its upstream, where the repository is a cache; null for a repository of this registry.</param>
/// <param name="Namespace">The <c>ns</c> the request was routed by, to echo as <c>OCI-Namespace</c>; null where none was used.</param>
public sealed record RequestedRepository(RepositoryName Local, ProxiedRepository? Proxied, string? Namespace);
