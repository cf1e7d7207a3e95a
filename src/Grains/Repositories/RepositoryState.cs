using OrleansRegistry.Grains.Abstractions;

namespace OrleansRegistry.Grains.Repositories;

/// <summary>
/// The head of a repository's state: whether it exists and is in the catalog. Its tags, manifests and blob links
/// live in <see cref="RepositoryShard"/>s. The three collections here are the layout before sharding: an
/// activation that finds entries in them moves them into the shards and empties them.
/// </summary>
[GenerateSerializer, Alias("RepositoryState")]
public sealed class RepositoryState
{
    [Id(0)]
    public Dictionary<string, string> Tags { get; set; } = new(StringComparer.Ordinal);

    [Id(1)]
    public Dictionary<string, ManifestRecord> Manifests { get; set; } = new(StringComparer.Ordinal);

    [Id(2)]
    public Dictionary<string, long> Blobs { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Whether the catalog lists this repository yet.</summary>
    [Id(3)]
    public bool Listed { get; set; }
}
