using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Upstream;

/// <summary>An upstream registry as its validated settings describe it.</summary>
public sealed class UpstreamRegistry
{
    public required string Name { get; init; }

    /// <summary>The API root, ending in '/'.</summary>
    public required Uri BaseUri { get; init; }

    /// <summary>The local namespace of its cache, without a trailing '/'.</summary>
    public required string Prefix { get; init; }

    /// <summary>The host clients name it by (containerd's <c>ns</c>).</summary>
    public required string Namespace { get; init; }

    public string? SingleComponentNamespace { get; init; }

    public bool RegistryMirror { get; init; }

    public required UpstreamCredentials Credentials { get; init; }

    public TimeSpan ManifestTtl { get; init; }

    public TimeSpan Timeout { get; init; }

    /// <summary>The name upstream of a name given without the prefix, with the single-component rule applied.</summary>
    public RepositoryName UpstreamNameOf(string relative) =>
        RepositoryName.Parse(!relative.Contains('/') && SingleComponentNamespace is { } ns ? $"{ns}/{relative}" : relative);

    /// <summary>Where the upstream's <paramref name="upstreamName"/> is cached here.</summary>
    public RepositoryName LocalNameOf(RepositoryName upstreamName) => RepositoryName.Parse($"{Prefix}/{upstreamName}");

    public override string ToString() => $"{Name} ({BaseUri})";
}
