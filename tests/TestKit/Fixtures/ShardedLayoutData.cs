using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;

namespace OrleansRegistry.TestKit.Fixtures;

/// <summary>
/// A data directory written by the registry of the sharded layout (Fixtures/ShardedLayout, see its README), and what
/// that registry served from it.
/// </summary>
public static class ShardedLayoutData
{
    private static readonly string Folder = Path.Combine(RepositoryRoot.Path, "tests", "TestKit", "Fixtures", "ShardedLayout");

    /// <summary>Repository to its tags and their digests, as the old registry served them.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Tags { get; } = Read().Tags;

    /// <summary>Repository to a manifest digest and the digests of its referrers.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string[]>> Referrers { get; } = Read().Referrers;

    /// <summary>Unpacks the data directory (<c>grains/</c> and <c>storage/</c>) into <paramref name="directory"/>.</summary>
    public static async Task ExtractToAsync(string directory)
    {
        Directory.CreateDirectory(directory);
        await using var archive = File.OpenRead(Path.Combine(Folder, "data.tgz"));
        await using var tar = new GZipStream(archive, CompressionMode.Decompress);
        await TarFile.ExtractToDirectoryAsync(tar, directory, overwriteFiles: true);
    }

    private static (IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Tags, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string[]>> Referrers) Read()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "expected.json")));
        var root = document.RootElement;
        return (
            root.GetProperty("repositories").Deserialize<Dictionary<string, Dictionary<string, string>>>()!
                .ToDictionary(pair => pair.Key, pair => (IReadOnlyDictionary<string, string>)pair.Value),
            root.GetProperty("referrers").Deserialize<Dictionary<string, Dictionary<string, string[]>>>()!
                .ToDictionary(pair => pair.Key, pair => (IReadOnlyDictionary<string, string[]>)pair.Value));
    }
}
