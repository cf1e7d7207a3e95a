namespace OrleansRegistry.Api.Tests.Infrastructure;

/// <summary>Media types as the OCI image spec and Docker's schema 2 spell them.</summary>
public static class MediaTypeNames
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string OciEmpty = "application/vnd.oci.empty.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayer = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public const string DockerSchema1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws";
    public const string DockerSchema1 = "application/vnd.docker.distribution.manifest.v1+json";

    /// <summary>The six Accept lines skopeo, buildah and podman send on every manifest GET, in their order.</summary>
    public static readonly string[] ContainersImageAccept =
    [
        OciManifest, DockerManifest, DockerSchema1Signed, DockerSchema1, DockerManifestList, OciIndex,
    ];
}
