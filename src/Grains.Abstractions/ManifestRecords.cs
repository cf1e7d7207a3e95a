using OrleansRegistry.Core.Manifests;

namespace OrleansRegistry.Grains.Abstractions;

/// <summary>What a repository records of a parsed manifest, whoever parsed it: a push, the pull-through cache, an import.</summary>
public static class ManifestRecords
{
    public static ManifestRecord Of(ParsedManifest manifest) => new()
    {
        Digest = manifest.Digest,
        MediaType = manifest.MediaType,
        Size = manifest.Size,
        ArtifactType = manifest.ArtifactType,
        Subject = manifest.Subject?.Digest,
        Annotations = manifest.Annotations,
        Blobs = manifest.RequiredBlobs.Select(d => new BlobLink(d.Digest, d.Size)).ToList(),
        Children = manifest.RequiredManifests.Select(d => d.Digest).ToList(),
    };
}
