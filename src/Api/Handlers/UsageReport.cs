using System.Text.Json.Serialization;
using OrleansRegistry.Application.Usage;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions.Usage;

namespace OrleansRegistry.Api.Handlers;

/// <summary>Storage used as the admin API shows it, in camelCase JSON: a repository's, or a prefix's sum.</summary>
public static class UsageReport
{
    public static Repository Of(RepositoryName repository, RepositoryUsage usage, RepositoryQuota? quota) =>
        new(repository.Value, Counts.Of(usage), quota is null ? null : new Quota(quota.MaxBytes, quota.MaxTags, quota.Setting));

    public static Sum Of(UsageSummary summary) => new(
        summary.Prefix,
        summary.Repositories,
        Counts.Of(summary.Total),
        summary.Largest.Select(each => new Repository(each.Repository.Value, Counts.Of(each.Usage), null)).ToList());

    /// <param name="Bytes">What the images take, as quotas count it: manifests and the blobs they reference, each once.</param>
    /// <param name="UnreferencedBlobBytes">Linked blobs no manifest references: pushes in flight, or garbage the collector takes after its grace period.</param>
    public sealed record Counts(
        [property: JsonPropertyName("bytes")] long Bytes,
        [property: JsonPropertyName("manifestBytes")] long ManifestBytes,
        [property: JsonPropertyName("referencedBlobBytes")] long ReferencedBlobBytes,
        [property: JsonPropertyName("linkedBlobBytes")] long LinkedBlobBytes,
        [property: JsonPropertyName("unreferencedBlobBytes")] long UnreferencedBlobBytes,
        [property: JsonPropertyName("manifests")] long Manifests,
        [property: JsonPropertyName("linkedBlobs")] long LinkedBlobs,
        [property: JsonPropertyName("tags")] long Tags)
    {
        public static Counts Of(RepositoryUsage usage) => new(
            usage.Bytes,
            usage.ManifestBytes,
            usage.ReferencedBlobBytes,
            usage.LinkedBlobBytes,
            Math.Max(0, usage.LinkedBlobBytes - usage.ReferencedBlobBytes),
            usage.Manifests,
            usage.LinkedBlobs,
            usage.Tags);
    }

    public sealed record Quota(
        [property: JsonPropertyName("maxBytes")] long? MaxBytes,
        [property: JsonPropertyName("maxTags")] long? MaxTags,
        [property: JsonPropertyName("setting")] string Setting);

    public sealed record Repository(
        [property: JsonPropertyName("repository")] string Name,
        [property: JsonPropertyName("usage")] Counts Usage,
        [property: JsonPropertyName("quota")] Quota? Quota);

    /// <param name="Total">The repositories' usages added up: a blob two of them share counts in each.</param>
    public sealed record Sum(
        [property: JsonPropertyName("prefix")] string Prefix,
        [property: JsonPropertyName("repositories")] long Repositories,
        [property: JsonPropertyName("usage")] Counts Total,
        [property: JsonPropertyName("largest")] IReadOnlyList<Repository> Largest);
}
