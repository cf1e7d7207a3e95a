using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Manifests;

namespace OrleansRegistry.MicroBench;

/// <summary>ManifestParser.Parse (parse, validate, digest) on what a manifest PUT receives.</summary>
[MemoryDiagnoser]
public class ManifestBenchmarks
{
    private byte[] _manifest = [];
    private byte[] _index = [];

    [GlobalSetup]
    public void Setup()
    {
        _manifest = TypicalManifest();
        _index = Index(100);
    }

    /// <summary>An OCI image manifest as buildah writes one: a config, five gzip layers, two annotations.</summary>
    [Benchmark]
    public ParsedManifest ImageManifest() => ManifestParser.Parse(_manifest, MediaTypes.OciManifest);

    /// <summary>An OCI index of 100 platform manifests.</summary>
    [Benchmark]
    public ParsedManifest Index100() => ManifestParser.Parse(_index, MediaTypes.OciIndex);

    public static byte[] TypicalManifest() => JsonSerializer.SerializeToUtf8Bytes(new
    {
        schemaVersion = 2,
        mediaType = MediaTypes.OciManifest,
        config = new { mediaType = "application/vnd.oci.image.config.v1+json", digest = Fake(0), size = 7023 },
        layers = Enumerable.Range(1, 5).Select(i => new
        {
            mediaType = "application/vnd.oci.image.layer.v1.tar+gzip",
            digest = Fake(i),
            size = 32654 * i,
        }).ToArray(),
        annotations = new Dictionary<string, string>
        {
            ["org.opencontainers.image.created"] = "2025-01-01T00:00:00Z",
            ["org.opencontainers.image.source"] = "https://example.com/app",
        },
    });

    public static byte[] Index(int count) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        schemaVersion = 2,
        mediaType = MediaTypes.OciIndex,
        manifests = Enumerable.Range(0, count).Select(i => new
        {
            mediaType = MediaTypes.OciManifest,
            digest = Fake(1000 + i),
            size = 1000 + i,
            platform = new { architecture = i % 2 == 0 ? "amd64" : "arm64", os = "linux", variant = i % 2 == 0 ? null : "v8" },
        }).ToArray(),
    }, new JsonSerializerOptions { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull });

    private static string Fake(int i) => Digest.ComputeSha256(Encoding.UTF8.GetBytes($"blob {i}")).ToString();
}
