namespace OrleansRegistry.Grains.Repositories;

[GenerateSerializer, Alias("RepositoryState")]
public sealed class RepositoryState
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

    /// <summary>Whether the catalog lists this repository yet.</summary>
    [Id(3)]
    public bool Listed { get; set; }
}
