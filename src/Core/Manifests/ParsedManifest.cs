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
    /// <summary>
    /// Blobs that must be linked to the repository before this manifest may become visible. An index entry whose
    /// media type is no manifest's is a blob too: BuildKit's registry cache is an index of its cache config and
    /// layers, pushed as blobs, which CNCF Distribution accepts.
    /// </summary>
    public IEnumerable<Descriptor> RequiredBlobs =>
        (Config is null ? Layers : Layers.Prepend(Config))
        .Where(d => !(d.HasUrls && MediaTypes.IsNonDistributable(d.MediaType)))
        .Concat(Manifests.Where(d => !MediaTypes.IsManifest(d.MediaType)));

    /// <summary>Manifests that must be in the repository before this index may become visible.</summary>
    public IEnumerable<Descriptor> RequiredManifests => Manifests.Where(d => MediaTypes.IsManifest(d.MediaType));
}
