using OrleansRegistry.Core.Digests;

namespace OrleansRegistry.Core.Manifests;

/// <summary>What the registry needs to know about a manifest it accepted; the bytes themselves are stored as sent.</summary>
public sealed record ParsedManifest(
    string MediaType,
    Digest Digest,
    long Size,
    Descriptor? Config,
    IReadOnlyList<Descriptor> Layers,
    IReadOnlyList<Descriptor> Manifests,
    Descriptor? Subject,
    string? ArtifactType,
    IReadOnlyDictionary<string, string>? Annotations)
{
    /// <summary>Blobs that must be linked to the repository before this manifest may become visible.</summary>
    public IEnumerable<Descriptor> RequiredBlobs =>
        (Config is null ? Layers : Layers.Prepend(Config)).Where(d => !(d.HasUrls && MediaTypes.IsNonDistributable(d.MediaType)));
}
