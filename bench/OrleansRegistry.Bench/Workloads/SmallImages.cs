using System.Text;
using System.Text.Json;
using OrleansRegistry.Bench.Client;
using OrleansRegistry.Bench.Content;

namespace OrleansRegistry.Bench.Workloads;

/// <summary>A small OCI image: a config, some layers and the manifest that lists them, with their digests.</summary>
public sealed class SmallImage
{
    private SmallImage(byte[] config, IReadOnlyList<byte[]> layers)
    {
        Config = config;
        ConfigDigest = BlobContent.DigestOf(config);
        Layers = layers;
        LayerDigests = layers.Select(l => BlobContent.DigestOf(l)).ToList();
        Manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType = RegistryApi.OciManifest,
            config = new { mediaType = RegistryApi.OciConfig, digest = ConfigDigest, size = config.Length },
            layers = layers.Select((l, i) => new { mediaType = RegistryApi.OciLayer, digest = LayerDigests[i], size = l.Length }).ToArray(),
        });
    }

    public byte[] Config { get; }

    public string ConfigDigest { get; }

    public IReadOnlyList<byte[]> Layers { get; }

    public IReadOnlyList<string> LayerDigests { get; }

    public byte[] Manifest { get; }

    /// <summary>An image unique to <paramref name="identity"/>: its config names it and its layers derive from it.</summary>
    public static SmallImage Create(string identity, int layerCount, int layerBytes)
    {
        var config = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            architecture = "amd64",
            os = "linux",
            config = new { Env = new[] { "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" }, Cmd = new[] { "/bin/sh" } },
            rootfs = new { type = "layers", diff_ids = Array.Empty<string>() },
            history = new[] { new { created_by = $"bench {identity}" } },
        }));
        var random = new Random(identity.Aggregate(17, (h, c) => unchecked(h * 31 + c)));
        var layers = Enumerable.Range(0, layerCount).Select(_ =>
        {
            var layer = new byte[layerBytes];
            random.NextBytes(layer);
            return layer;
        }).ToList();
        return new SmallImage(config, layers);
    }

    /// <summary>Pushes the image as a client does: for each blob HEAD, then upload if missing; then the manifest.</summary>
    public async Task PushAsync(RegistryApi api, string repository, string tag)
    {
        for (var i = 0; i < Layers.Count; i++)
        {
            await api.PushSmallBlobAsync(repository, Layers[i], LayerDigests[i]);
        }

        await api.PushSmallBlobAsync(repository, Config, ConfigDigest);
        await api.PutManifestAsync(repository, tag, Manifest, RegistryApi.OciManifest);
    }
}
