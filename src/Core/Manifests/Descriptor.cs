using OrleansRegistry.Core.Digests;

namespace OrleansRegistry.Core.Manifests;

/// <summary>An OCI content descriptor as a manifest references it.</summary>
public sealed record Descriptor(
    string MediaType,
    Digest Digest,
    long Size,
    string? ArtifactType = null,
    IReadOnlyDictionary<string, string>? Annotations = null,
    Platform? Platform = null,
    bool HasUrls = false);
