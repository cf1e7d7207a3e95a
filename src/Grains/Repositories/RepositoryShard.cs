using OrleansRegistry.Grains.Abstractions;

namespace OrleansRegistry.Grains.Repositories;

/// <summary>
/// One shard of a repository: the tags, manifests and linked blobs whose key (tag name or digest) hashes to it.
/// </summary>
[GenerateSerializer, Alias("RepositoryShard")]
public sealed class RepositoryShard
{
    /// <summary>Tag to manifest digest.</summary>
    [Id(0)]
    public Dictionary<string, string> Tags { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Manifest digest to what the repository knows of it.</summary>
    [Id(1)]
    public Dictionary<string, ManifestRecord> Manifests { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Linked blob digest to size.</summary>
    [Id(2)]
    public Dictionary<string, long> Blobs { get; set; } = new(StringComparer.Ordinal);
}
