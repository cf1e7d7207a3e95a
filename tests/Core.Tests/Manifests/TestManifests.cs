using System.Text;
using OrleansRegistry.Core.Manifests;

namespace OrleansRegistry.Core.Tests.Manifests;

/// <summary>Manifest bodies as clients send them, built from small pieces so each test shows what it varies.</summary>
internal static class TestManifests
{
    /// <summary>The digest and size of <c>{}</c>, OCI 1.1's empty descriptor.</summary>
    public const string EmptyDigest = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";

    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayer = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public const string DockerForeignLayer = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";

    /// <summary>A sha256 digest made of one repeated hex digit, easy to tell apart in assertions.</summary>
    public static string DigestOf(char hex) => "sha256:" + new string(hex, 64);

    public static string Descriptor(string mediaType, string digest, long size, string extra = "") =>
        $$"""{"mediaType":"{{mediaType}}","digest":"{{digest}}","size":{{size}}{{extra}}}""";

    public static string OciManifest(string? mediaType = MediaTypes.OciManifest, string? layers = null, string? config = null, string extra = "")
    {
        var mediaTypeProperty = mediaType is null ? "" : $"\"mediaType\":\"{mediaType}\",";
        config ??= Descriptor(OciConfig, DigestOf('c'), 100);
        layers ??= $"[{Descriptor(OciLayer, DigestOf('1'), 1000)},{Descriptor(OciLayer, DigestOf('2'), 2000)}]";
        return $$"""{"schemaVersion":2,{{mediaTypeProperty}}"config":{{config}},"layers":{{layers}}{{extra}}}""";
    }

    public static string DockerManifest(string layers) =>
        $$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.DockerManifest}}","config":{{Descriptor(DockerConfig, DigestOf('c'), 100)}},"layers":{{layers}}}""";

    public static string Index(string? mediaType = MediaTypes.OciIndex, string? manifests = null, string extra = "")
    {
        var mediaTypeProperty = mediaType is null ? "" : $"\"mediaType\":\"{mediaType}\",";
        manifests ??= $"[{Descriptor(MediaTypes.OciManifest, DigestOf('a'), 500)}]";
        return $$"""{"schemaVersion":2,{{mediaTypeProperty}}"manifests":{{manifests}}{{extra}}}""";
    }

    public static ParsedManifest Parse(string json, string? contentType = null, string algorithm = "sha256") =>
        ManifestParser.Parse(Encoding.UTF8.GetBytes(json), contentType, algorithm);
}
