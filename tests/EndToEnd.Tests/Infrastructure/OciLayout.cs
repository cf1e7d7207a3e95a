using System.Text.Json.Nodes;

namespace OrleansRegistry.EndToEnd.Tests.Infrastructure;

/// <summary>
/// An OCI image layout directory on disk. Images are built with umoci, which needs neither a
/// network nor a daemon, and the layout is read directly (index.json plus blobs/sha256/*) so that
/// the tests check what the clients wrote without trusting the clients' own reporting.
/// </summary>
internal sealed class OciLayout
{
    public const string ManifestMediaType = "application/vnd.oci.image.manifest.v1+json";
    public const string IndexMediaType = "application/vnd.oci.image.index.v1+json";
    private const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    private readonly Clients _clients;

    private OciLayout(Clients clients, string path)
    {
        _clients = clients;
        Path = path;
    }

    public string Path { get; }

    /// <summary>Creates an empty layout (umoci init).</summary>
    public static async Task<OciLayout> CreateAsync(Clients clients, string path)
    {
        await clients.UmociAsync("init", "--layout", path);
        return new OciLayout(clients, path);
    }

    /// <summary>Opens a layout some client wrote (e.g. the destination of a skopeo copy).</summary>
    public static OciLayout Open(Clients clients, string path) =>
        File.Exists(System.IO.Path.Combine(path, "index.json"))
            ? new OciLayout(clients, path)
            : throw new InvalidOperationException($"{path} is not an OCI layout (no index.json).");

    /// <summary>The skopeo/podman transport reference of a tag in this layout.</summary>
    public string Reference(string tag) => $"oci:{Path}:{tag}";

    /// <summary>
    /// Builds a single-platform image: an empty image for linux/ARCH, then one layer per file
    /// (umoci insert), so the image has several layers of different sizes.
    /// </summary>
    public async Task<OciDescriptor> AddImageAsync(string tag, string architecture, IReadOnlyDictionary<string, string> filesByTargetPath)
    {
        var image = $"{Path}:{tag}";
        await _clients.UmociAsync("new", "--image", image);
        await _clients.UmociAsync("config", "--image", image, "--architecture", architecture, "--os", "linux");
        foreach (var (target, source) in filesByTargetPath)
        {
            await _clients.UmociAsync("insert", "--image", image, source, target);
        }

        return Resolve(tag);
    }

    /// <summary>Unpacks an image's root filesystem into DIR/rootfs (umoci unpack, as root).</summary>
    public async Task<string> UnpackAsync(string tag, string bundleDirectory)
    {
        await _clients.UmociAsync("unpack", "--image", $"{Path}:{tag}", bundleDirectory);
        return System.IO.Path.Combine(bundleDirectory, "rootfs");
    }

    /// <summary>
    /// Adds an OCI image index that references the given tags' manifests with their platforms, and
    /// tags it. umoci cannot build an index, so the JSON is written by hand, as the spec lays it out.
    /// </summary>
    public OciDescriptor AddIndex(string tag, IEnumerable<string> childTags)
    {
        var manifests = new JsonArray();
        foreach (var childTag in childTags)
        {
            var child = Resolve(childTag);
            var config = ReadJsonBlob(Config(child.Digest).Digest);
            manifests.Add(new JsonObject
            {
                ["mediaType"] = child.MediaType,
                ["digest"] = child.Digest,
                ["size"] = child.Size,
                ["platform"] = new JsonObject
                {
                    ["architecture"] = config["architecture"]!.GetValue<string>(),
                    ["os"] = config["os"]!.GetValue<string>(),
                },
            });
        }

        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = IndexMediaType,
            ["manifests"] = manifests,
        };
        var bytes = System.Text.Encoding.UTF8.GetBytes(index.ToJsonString());
        var descriptor = new OciDescriptor(IndexMediaType, Digest.Sha256(bytes), bytes.Length);
        File.WriteAllBytes(BlobPath(descriptor.Digest), bytes);

        var layoutIndex = ReadLayoutIndex();
        var entries = layoutIndex["manifests"]!.AsArray();
        entries.Add(new JsonObject
        {
            ["mediaType"] = descriptor.MediaType,
            ["digest"] = descriptor.Digest,
            ["size"] = descriptor.Size,
            ["annotations"] = new JsonObject { [RefNameAnnotation] = tag },
        });
        File.WriteAllText(System.IO.Path.Combine(Path, "index.json"), layoutIndex.ToJsonString());
        return descriptor;
    }

    /// <summary>The descriptor index.json holds for a tag.</summary>
    public OciDescriptor Resolve(string tag)
    {
        var entries = ReadLayoutIndex()["manifests"]!.AsArray();
        var match = entries.SingleOrDefault(e => e?["annotations"]?[RefNameAnnotation]?.GetValue<string>() == tag)
            ?? throw new InvalidOperationException($"Tag '{tag}' not found in {Path}/index.json:\n{ReadLayoutIndex()}");
        return ToDescriptor(match);
    }

    public bool HasBlob(string digest) => File.Exists(BlobPath(digest));

    public byte[] ReadBlob(string digest) => File.ReadAllBytes(BlobPath(digest));

    public JsonObject ReadJsonBlob(string digest) => JsonNode.Parse(ReadBlob(digest))!.AsObject();

    public OciDescriptor Config(string manifestDigest) => ToDescriptor(ReadJsonBlob(manifestDigest)["config"]!);

    public IReadOnlyList<OciDescriptor> Layers(string manifestDigest) =>
        ReadJsonBlob(manifestDigest)["layers"]!.AsArray().Select(l => ToDescriptor(l!)).ToList();

    /// <summary>The children of an image index blob.</summary>
    public IReadOnlyList<OciDescriptor> IndexChildren(string indexDigest) =>
        ReadJsonBlob(indexDigest)["manifests"]!.AsArray().Select(m => ToDescriptor(m!)).ToList();

    private JsonObject ReadLayoutIndex() =>
        JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(Path, "index.json")))!.AsObject();

    private string BlobPath(string digest) => System.IO.Path.Combine(Path, "blobs", "sha256", Digest.Hex(digest));

    private static OciDescriptor ToDescriptor(JsonNode node) => new(
        node["mediaType"]?.GetValue<string>() ?? "",
        node["digest"]!.GetValue<string>(),
        node["size"]!.GetValue<long>());
}
