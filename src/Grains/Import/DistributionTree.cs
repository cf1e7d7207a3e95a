using System.Text;
using OrleansRegistry.Core.Digests;

namespace OrleansRegistry.Grains.Import;

/// <summary>
/// CNCF Distribution's keys for what a repository holds, as its <c>registry/storage/paths.go</c> lays them out beside
/// the blobs (<see cref="Storage.StorageLayout"/>). Everything is a link file holding a digest; the bytes it names are
/// the blob of that digest:
/// <code>
/// docker/registry/v2/repositories/&lt;name&gt;/_layers/&lt;algorithm&gt;/&lt;hex&gt;/link                       a blob linked to the repository
/// docker/registry/v2/repositories/&lt;name&gt;/_manifests/revisions/&lt;algorithm&gt;/&lt;hex&gt;/link          a manifest of it
/// docker/registry/v2/repositories/&lt;name&gt;/_manifests/tags/&lt;tag&gt;/current/link                  the manifest a tag points at
/// </code>
/// A name has slashes (<c>team/app</c>), and a repository may lie inside another one's directory.
/// </summary>
internal static class DistributionTree
{
    public const string RepositoriesRoot = "docker/registry/v2/repositories";

    public const string ManifestsDirectory = "_manifests";

    public const string LayersDirectory = "_layers";

    /// <summary>A link holds a digest, and a little more would be damage.</summary>
    public const int MaxLinkLength = 1024;

    public static string RepositoryPath(string name) => $"{RepositoriesRoot}/{name}";

    public static string LayersPath(string name) => $"{RepositoryPath(name)}/{LayersDirectory}";

    public static string RevisionsPath(string name) => $"{RepositoryPath(name)}/{ManifestsDirectory}/revisions";

    public static string TagsPath(string name) => $"{RepositoryPath(name)}/{ManifestsDirectory}/tags";

    public static string TagLinkPath(string name, string tag) => $"{TagsPath(name)}/{tag}/current/link";

    public static string LinkPath(string directory, string algorithm, string encoded) => $"{directory}/{algorithm}/{encoded}/link";

    /// <summary>The digest a link file holds (Distribution writes it without a newline; one is tolerated).</summary>
    public static bool TryParseLink(byte[] content, out Digest digest) =>
        Digest.TryParse(Encoding.UTF8.GetString(content).Trim(), out digest);
}
