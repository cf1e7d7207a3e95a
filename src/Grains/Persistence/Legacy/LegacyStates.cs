using OrleansRegistry.Grains.Abstractions;

namespace OrleansRegistry.Grains.Persistence.Legacy;

// The shapes of the sharded layout's states, as stored (System.Text.Json by property name); read only to move them.

/// <summary>A repository's head: whether the catalog lists it.</summary>
internal sealed class LegacyRepositoryHead
{
    public bool Listed { get; set; }
}

/// <summary>A repository's shard: tag to digest, digest to manifest, linked blob digest to size.</summary>
internal sealed class LegacyRepositoryShard
{
    public Dictionary<string, string> Tags { get; set; } = [];

    public Dictionary<string, ManifestRecord> Manifests { get; set; } = [];

    public Dictionary<string, long> Blobs { get; set; } = [];
}

/// <summary>A shard of repository names: the catalog's, or those linking a blob.</summary>
internal sealed class LegacyNameShard
{
    public HashSet<string> Repositories { get; set; } = [];
}

/// <summary>A blob's head: its size.</summary>
internal sealed class LegacyBlobHead
{
    public long? Size { get; set; }
}
