using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Infrastructure;

/// <summary>
/// A storage tree laid out as CNCF Distribution writes it (<c>registry/storage/paths.go</c>), built by hand under a
/// registry's storage root: blob bytes under <c>blobs</c>, and for each repository the link files of its layers,
/// manifest revisions and tags. Keys are spelled out here, not taken from the code under test.
/// </summary>
public sealed class DistributionTreeWriter(string storageRoot)
{
    private const string Root = "docker/registry/v2";

    /// <summary>Stores bytes under a digest, theirs unless another is given (to store damaged bytes).</summary>
    public ContentDescriptor Blob(byte[] content, string mediaType, string? digest = null)
    {
        var descriptor = ContentDescriptor.Of(mediaType, content) with { Digest = digest ?? TestContent.Sha256(content) };
        var hex = Hex(descriptor.Digest);
        Write($"{Root}/blobs/sha256/{hex[..2]}/{hex}/data", content);
        return descriptor;
    }

    /// <summary>A blob pushed to the repository: its bytes and its <c>_layers</c> link.</summary>
    public ContentDescriptor Layer(string repository, byte[] content, string mediaType, string? digest = null)
    {
        var layer = Blob(content, mediaType, digest);
        LinkLayer(repository, layer.Digest);
        return layer;
    }

    /// <param name="linked">What the link holds, if not the digest its path names (damage).</param>
    public void LinkLayer(string repository, string digest, string? linked = null) =>
        Link($"{Root}/repositories/{repository}/_layers/sha256/{Hex(digest)}/link", linked ?? digest);

    /// <summary>A manifest pushed to the repository: its bytes and its revision link.</summary>
    public ContentDescriptor Manifest(string repository, byte[] content, string mediaType, string? digest = null)
    {
        var manifest = Blob(content, mediaType, digest);
        LinkRevision(repository, manifest.Digest);
        return manifest;
    }

    public void LinkRevision(string repository, string digest) =>
        Link($"{Root}/repositories/{repository}/_manifests/revisions/sha256/{Hex(digest)}/link", digest);

    /// <summary>A tag as Distribution records it: its current link, and its entry in the tag's index.</summary>
    public void Tag(string repository, string tag, string digest)
    {
        Link($"{Root}/repositories/{repository}/_manifests/tags/{tag}/current/link", digest);
        Link($"{Root}/repositories/{repository}/_manifests/tags/{tag}/index/sha256/{Hex(digest)}/link", digest);
    }

    /// <summary>A small OCI image whose blobs are linked to the repository: its config, one layer and its manifest.</summary>
    public PushedImage Image(string repository, string architecture = "amd64", ContentDescriptor? subject = null, bool declareMediaType = true)
    {
        var config = Layer(repository, TestContent.Utf8($$"""{"architecture":"{{architecture}}","os":"linux","nonce":"{{Guid.NewGuid()}}"}"""), MediaTypeNames.OciConfig);
        var layerContent = TestContent.RandomBytes(1024);
        var layer = Layer(repository, layerContent, MediaTypeNames.OciLayer);
        var manifestContent = TestManifests.OciImage(config, [layer], subject, declareMediaType: declareMediaType);
        var manifest = Manifest(repository, manifestContent, MediaTypeNames.OciManifest);
        return new PushedImage(repository, config, layer, layerContent, manifest, manifestContent);
    }

    private void Link(string key, string digest) => Write(key, TestContent.Utf8(digest));

    private void Write(string key, byte[] content)
    {
        var path = Path.Combine([storageRoot, .. key.Split('/')]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    private static string Hex(string digest) => digest["sha256:".Length..];
}
