namespace OrleansRegistry.Core.Manifests;

public static class MediaTypes
{
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerSchema1 = "application/vnd.docker.distribution.manifest.v1+json";
    public const string DockerSchema1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciEmpty = "application/vnd.oci.empty.v1+json";

    public static bool IsIndex(string mediaType) => mediaType is OciIndex or DockerManifestList;

    public static bool IsImageManifest(string mediaType) => mediaType is OciManifest or DockerManifest;

    public static bool IsSupportedManifest(string mediaType) => IsIndex(mediaType) || IsImageManifest(mediaType);

    /// <summary>Whether a descriptor of this type points at a manifest, as opposed to a blob.</summary>
    public static bool IsManifest(string mediaType) => IsSupportedManifest(mediaType) || mediaType is DockerSchema1 or DockerSchema1Signed;

    /// <summary>Layers whose bytes live elsewhere (their <c>urls</c>); a registry does not hold them.</summary>
    public static bool IsNonDistributable(string mediaType) =>
        mediaType.StartsWith("application/vnd.docker.image.rootfs.foreign.", StringComparison.Ordinal)
        || mediaType.StartsWith("application/vnd.oci.image.layer.nondistributable.", StringComparison.Ordinal);
}
