using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Manifests;
using static OrleansRegistry.Core.Tests.Manifests.TestManifests;

namespace OrleansRegistry.Core.Tests.Manifests;

/// <summary>Image manifests, OCI and Docker schema 2: a config and layers, all of which the registry must hold.</summary>
public sealed class ImageManifestParsingTests
{
    [Fact]
    public void Parse_oci_manifest_reads_config_layers_and_annotations()
    {
        var json = OciManifest(extra: ""","annotations":{"org.opencontainers.image.title":"demo"}""");

        var manifest = Parse(json, MediaTypes.OciManifest);

        Assert.Equal(MediaTypes.OciManifest, manifest.MediaType);
        Assert.NotNull(manifest.Config);
        Assert.Equal(OciConfig, manifest.Config.MediaType);
        Assert.Equal(DigestOf('c'), manifest.Config.Digest.ToString());
        Assert.Equal(100, manifest.Config.Size);
        Assert.Equal([DigestOf('1'), DigestOf('2')], manifest.Layers.Select(l => l.Digest.ToString()));
        Assert.Equal([1000L, 2000L], manifest.Layers.Select(l => l.Size));
        Assert.Empty(manifest.Manifests);
        Assert.Null(manifest.Subject);
        Assert.Equal("demo", manifest.Annotations!["org.opencontainers.image.title"]);
    }

    [Fact]
    public void Parse_oci_manifest_requires_config_and_every_layer()
    {
        var manifest = Parse(OciManifest());
        Assert.Equal([DigestOf('c'), DigestOf('1'), DigestOf('2')], manifest.RequiredBlobs.Select(d => d.Digest.ToString()));
    }

    [Fact]
    public void Parse_oci_manifest_without_artifact_type_takes_its_config_media_type_as_artifact_type()
    {
        // OCI 1.1: referrers filter by artifactType, which for a plain image is its config's media type.
        Assert.Equal(OciConfig, Parse(OciManifest()).ArtifactType);
    }

    [Fact]
    public void Parse_oci_manifest_without_layers_is_accepted()
    {
        // Layers are optional in OCI (artifacts often have none).
        var json = $$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciManifest}}","config":{{Descriptor(OciConfig, DigestOf('c'), 100)}}}""";
        var manifest = Parse(json);
        Assert.Empty(manifest.Layers);
        Assert.Equal([DigestOf('c')], manifest.RequiredBlobs.Select(d => d.Digest.ToString()));
    }

    [Fact]
    public void Parse_oci_manifest_without_config_is_rejected()
    {
        var json = $$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciManifest}}","layers":[]}""";
        var error = Assert.Throws<RegistryException>(() => Parse(json));
        Assert.Same(RegistryErrorCode.ManifestInvalid, error.Error);
    }

    [Fact]
    public void Parse_docker_schema_2_manifest_is_accepted()
    {
        var json = DockerManifest($"[{Descriptor(DockerLayer, DigestOf('1'), 10)}]");

        var manifest = Parse(json, MediaTypes.DockerManifest);

        Assert.Equal(MediaTypes.DockerManifest, manifest.MediaType);
        Assert.Equal(DockerConfig, manifest.Config!.MediaType);
        Assert.Equal([DigestOf('c'), DigestOf('1')], manifest.RequiredBlobs.Select(d => d.Digest.ToString()));
    }

    [Fact]
    public void Parse_docker_schema_2_manifest_without_layers_is_rejected()
    {
        // Docker schema 2 makes layers mandatory.
        var json = $$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.DockerManifest}}","config":{{Descriptor(DockerConfig, DigestOf('c'), 1)}}}""";
        var error = Assert.Throws<RegistryException>(() => Parse(json));
        Assert.Same(RegistryErrorCode.ManifestInvalid, error.Error);
    }

    [Fact]
    public void Parse_layers_that_are_not_an_array_are_rejected()
    {
        var error = Assert.Throws<RegistryException>(() => Parse(OciManifest(layers: "{}")));
        Assert.Same(RegistryErrorCode.ManifestInvalid, error.Error);
    }

    [Fact]
    public void Parse_null_layers_mean_no_layers()
    {
        Assert.Empty(Parse(OciManifest(layers: "null")).Layers);
    }
}
