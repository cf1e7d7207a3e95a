using System.Text.RegularExpressions;

namespace OrleansRegistry.Api.Http;

public enum RouteKind
{
    Base,
    Catalog,
    Tags,
    Manifest,
    Blob,
    UploadStart,
    Upload,
    Referrers,
}

/// <summary>
/// A request path of the registry API. Repository names contain '/', so paths are matched whole, with the name
/// running up to the last endpoint suffix, as CNCF Distribution's router does.
/// </summary>
public sealed partial record RegistryRoute(RouteKind Kind, string Name = "", string Argument = "")
{
    public static RegistryRoute? Match(string path)
    {
        if (BasePattern().IsMatch(path))
        {
            return new RegistryRoute(RouteKind.Base);
        }

        if (path == "/v2/_catalog")
        {
            return new RegistryRoute(RouteKind.Catalog);
        }

        foreach (var (kind, pattern) in Patterns)
        {
            var match = pattern.Match(path);
            if (match.Success)
            {
                return new RegistryRoute(kind, match.Groups["name"].Value, match.Groups["arg"].Value);
            }
        }

        return null;
    }

    // Order matters: ".../blobs/uploads/" must not be read as a blob named "uploads".
    private static readonly (RouteKind Kind, Regex Pattern)[] Patterns =
    [
        (RouteKind.Tags, TagsPattern()),
        (RouteKind.Manifest, ManifestPattern()),
        (RouteKind.UploadStart, UploadStartPattern()),
        (RouteKind.Upload, UploadPattern()),
        (RouteKind.Blob, BlobPattern()),
        (RouteKind.Referrers, ReferrersPattern()),
    ];

    [GeneratedRegex("^/v2/?$")]
    private static partial Regex BasePattern();

    [GeneratedRegex("^/v2/(?<name>.+)/tags/list$", RegexOptions.Singleline)]
    private static partial Regex TagsPattern();

    [GeneratedRegex("^/v2/(?<name>.+)/manifests/(?<arg>[^/]+)$", RegexOptions.Singleline)]
    private static partial Regex ManifestPattern();

    [GeneratedRegex("^/v2/(?<name>.+)/blobs/uploads/?$", RegexOptions.Singleline)]
    private static partial Regex UploadStartPattern();

    [GeneratedRegex("^/v2/(?<name>.+)/blobs/uploads/(?<arg>[^/]+)$", RegexOptions.Singleline)]
    private static partial Regex UploadPattern();

    [GeneratedRegex("^/v2/(?<name>.+)/blobs/(?<arg>[^/]+)$", RegexOptions.Singleline)]
    private static partial Regex BlobPattern();

    [GeneratedRegex("^/v2/(?<name>.+)/referrers/(?<arg>[^/]+)$", RegexOptions.Singleline)]
    private static partial Regex ReferrersPattern();
}
