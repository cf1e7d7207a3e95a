using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Upstream;

/// <summary>A local repository that caches a repository of an upstream registry.</summary>
/// <param name="Local">Where the cache is kept and what local authorization applies to.</param>
/// <param name="UpstreamName">The repository's name upstream.</param>
public sealed record ProxiedRepository(UpstreamRegistry Upstream, RepositoryName Local, RepositoryName UpstreamName);
