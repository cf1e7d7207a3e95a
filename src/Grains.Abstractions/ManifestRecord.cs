using OrleansRegistry.Core.Digests;

namespace OrleansRegistry.Grains.Abstractions;

/// <summary>What a repository knows of a manifest; the bytes are in storage under <see cref="Digest"/>.</summary>
[GenerateSerializer, Immutable, Alias("ManifestRecord")]
public sealed record ManifestRecord
{
    [Id(0)]
    public required Digest Digest { get; init; }

    [Id(1)]
    public required string MediaType { get; init; }

    [Id(2)]
    public required long Size { get; init; }

    [Id(3)]
    public string? ArtifactType { get; init; }

    [Id(4)]
    public Digest? Subject { get; init; }

    [Id(5)]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>Blobs the manifest needs (config and layers), with the sizes it declares for them.</summary>
    [Id(6)]
    public IReadOnlyList<BlobLink> Blobs { get; init; } = [];

    /// <summary>Manifests an index lists.</summary>
    [Id(7)]
    public IReadOnlyList<Digest> Children { get; init; } = [];
}
