using OrleansRegistry.Core.Manifests;
using OrleansRegistry.Grains.Abstractions;

namespace OrleansRegistry.Application.Manifests;

/// <summary>What a repository records of a parsed manifest.</summary>
internal static class ManifestRecords
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
