using System.Text.Json.Serialization;
using OrleansRegistry.Grains.Abstractions.Retention;

namespace OrleansRegistry.Api.Handlers;

/// <summary>A retention run as the admin API shows it, in camelCase JSON.</summary>
/// <param name="ImageBytes">What the deleted tags' images reference; a collection frees at most this, less what other manifests share.</param>
public sealed record RetentionReport(
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("dryRun")] bool DryRun,
    [property: JsonPropertyName("repository")] string? Repository,
    [property: JsonPropertyName("startedAt")] DateTimeOffset? StartedAt,
    [property: JsonPropertyName("finishedAt")] DateTimeOffset? FinishedAt,
    [property: JsonPropertyName("repositoriesVisited")] long RepositoriesVisited,
    [property: JsonPropertyName("tagsDeleted")] long TagsDeleted,
    [property: JsonPropertyName("imageBytes")] long ImageBytes,
    [property: JsonPropertyName("tags")] IReadOnlyList<RetentionReport.Tag> Tags,
    [property: JsonPropertyName("tagsTruncated")] bool TagsTruncated,
    [property: JsonPropertyName("error")] string? Error)
{
    public static RetentionReport Of(RetentionStatus status) => new(
        status.State.ToString().ToLowerInvariant(),
        status.Request?.DryRun ?? false,
        status.Request?.Repository?.Value,
        status.StartedAt,
        status.FinishedAt,
        status.Repositories,
        status.TagsDeleted,
        status.ImageBytes,
        status.Tags.Select(Tag.Of).ToList(),
        status.TagsDeleted > status.Tags.Count,
        status.Error);

    /// <summary>A tag the run deleted, or would delete.</summary>
    public sealed record Tag(
        [property: JsonPropertyName("repository")] string Repository,
        [property: JsonPropertyName("tag")] string Name,
        [property: JsonPropertyName("digest")] string Digest,
        [property: JsonPropertyName("pushedAt")] DateTimeOffset PushedAt,
        [property: JsonPropertyName("pulledAt")] DateTimeOffset? PulledAt,
        [property: JsonPropertyName("size")] long Size,
        [property: JsonPropertyName("rule")] string Rule)
    {
        public static Tag Of(RetiredTag tag) => new(
            tag.Repository.Value, tag.Tag.Value, tag.Manifest.ToString(), tag.PushedAt, tag.PulledAt, tag.ImageSize, tag.Reason.ToString());
    }
}
