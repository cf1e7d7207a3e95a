using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Manifests;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Grains.Tests.Infrastructure;

/// <summary>
/// Manifest records as the gateway hands them to a repository after parsing (the bytes themselves are in storage
/// and play no part in the repository's rules), each with a fresh digest.
/// </summary>
internal static class TestManifests
{
    public const string SignatureType = "application/vnd.example.signature.v1";
    public const string SbomType = "application/vnd.example.sbom.v1";

    public static Digest NewDigest() => Digest.ComputeSha256(TestContent.RandomBytes(32));

    public static BlobLink NewBlob(long size = 100) => new(NewDigest(), size);

    public static ManifestRecord Image(params BlobLink[] blobs) => new()
    {
        Digest = NewDigest(),
        MediaType = MediaTypes.OciManifest,
        Size = 500,
        ArtifactType = "application/vnd.oci.image.config.v1+json",
        Blobs = blobs,
    };

    public static ManifestRecord Index(params Digest[] children) => new()
    {
        Digest = NewDigest(),
        MediaType = MediaTypes.OciIndex,
        Size = 300,
        Children = children,
    };

    /// <summary>An OCI 1.1 artifact referring to <paramref name="subject"/>, with no blobs of its own to link.</summary>
    public static ManifestRecord Referrer(Digest subject, string artifactType) => new()
    {
        Digest = NewDigest(),
        MediaType = MediaTypes.OciManifest,
        Size = 400,
        ArtifactType = artifactType,
        Subject = subject,
        Annotations = new Dictionary<string, string> { ["org.opencontainers.image.created"] = "2025-01-01T00:00:00Z" },
    };
}
