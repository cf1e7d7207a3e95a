using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using OrleansRegistry.Api.Http;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Manifests;
using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Api.Tests.Http;

/// <summary>
/// The request parsers on arbitrary input: they answer, or refuse with a <see cref="RegistryException"/> (which
/// becomes the spec's 4xx), and never throw anything else.
/// </summary>
public sealed class ParserPropertyTests
{
    private static readonly string[] Fragments =
    [
        "/v2/", "/", "manifests/", "blobs/", "uploads/", "tags/list", "referrers/", "_catalog", "sha256:", "..", "%2F",
        "\0", "\n", "a", "Z", "-", "_", ".", ":", "bytes ", "bytes=", ",", "0", "9", "18446744073709551616", "é",
    ];

    /// <summary>Strings mostly made of the pieces parsers look for, so that near misses are common.</summary>
    private static Arbitrary<string> Hostile() =>
        Gen.OneOf(
                Gen.Elements(Fragments).ListOf().Select(parts => string.Concat(parts)),
                ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""))
            .ToArbitrary();

    [Property(MaxTest = 2000)]
    public Property RouteMatchNeverThrows() => Prop.ForAll(Hostile(), path =>
    {
        var route = RegistryRoute.Match(path);
        return route is null || path.StartsWith("/v2", StringComparison.Ordinal);
    });

    [Property(MaxTest = 2000)]
    public Property ChunkRangeParsesOrRefuses() => Prop.ForAll(Hostile(), header =>
        Refuses(() =>
        {
            var range = ChunkRange.Parse(header);
            return range is null || (range.Value.Start >= 0 && range.Value.End >= range.Value.Start);
        }));

    [Property(MaxTest = 2000)]
    public Property ByteRangeStaysInsideTheBlob() => Prop.ForAll(Hostile(), ArbMap.Default.ArbFor<long>(), (header, rawSize) =>
    {
        var size = Math.Abs(rawSize % (1L << 40));
        var result = ByteRange.Resolve(header, size);
        return result.Range is not { } range || (range.Start >= 0 && range.Length > 0 && range.End < size);
    });

    [Property(MaxTest = 2000)]
    public Property ManifestReferenceParsesOrRefuses() => Prop.ForAll(Hostile(), reference =>
        Refuses(() => ManifestReference.Parse(reference).ToString().Length > 0));

    [Property(MaxTest = 1000)]
    public Property ManifestParserRefusesArbitraryBytes() => Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), ArbMap.Default.ArbFor<string>(), (bytes, contentType) =>
        Refuses(() => ManifestParser.Parse(bytes ?? [], contentType) is not null));

    [Property(MaxTest = 1000)]
    public Property ManifestParserRefusesMangledManifests() => Prop.ForAll(
        Gen.Elements(ManifestPieces).ListOf().Select(parts => Encoding.UTF8.GetBytes(string.Concat(parts))).ToArbitrary(),
        bytes => Refuses(() => ManifestParser.Parse(bytes, MediaTypes.OciManifest) is not null));

    private static readonly string[] ManifestPieces =
    [
        "{", "}", "[", "]", ",", ":", "\"schemaVersion\"", "2", "1", "-1", "1e400", "null", "true", "\"mediaType\"",
        "\"application/vnd.oci.image.manifest.v1+json\"", "\"application/vnd.oci.image.index.v1+json\"", "\"config\"",
        "\"layers\"", "\"manifests\"", "\"digest\"", "\"size\"", "\"subject\"", "\"annotations\"", "\"artifactType\"",
        "\"sha256:0000000000000000000000000000000000000000000000000000000000000000\"", "\"sha256:zz\"", "\"\\u0000\"", "\"a/b\"",
    ];

    private static bool Refuses(Func<bool> parse)
    {
        try
        {
            return parse();
        }
        catch (RegistryException)
        {
            return true;
        }
    }
}
