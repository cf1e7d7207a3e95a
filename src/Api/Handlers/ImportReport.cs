using System.Text.Json.Serialization;
using OrleansRegistry.Grains.Abstractions.Import;

namespace OrleansRegistry.Api.Handlers;

/// <summary>An import run as the admin API shows it, in camelCase JSON.</summary>
/// <param name="Problems">What was left out and why (the first hundred; <paramref name="Skipped"/> counts them all).</param>
public sealed record ImportReport(
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("dryRun")] bool DryRun,
    [property: JsonPropertyName("startedAt")] DateTimeOffset? StartedAt,
    [property: JsonPropertyName("finishedAt")] DateTimeOffset? FinishedAt,
    [property: JsonPropertyName("repositoriesFound")] long RepositoriesFound,
    [property: JsonPropertyName("repositories")] long Repositories,
    [property: JsonPropertyName("blobsLinked")] long BlobsLinked,
    [property: JsonPropertyName("blobsPresent")] long BlobsPresent,
    [property: JsonPropertyName("manifestsImported")] long ManifestsImported,
    [property: JsonPropertyName("manifestsPresent")] long ManifestsPresent,
    [property: JsonPropertyName("tagsImported")] long TagsImported,
    [property: JsonPropertyName("tagsPresent")] long TagsPresent,
    [property: JsonPropertyName("skipped")] long Skipped,
    [property: JsonPropertyName("problems")] IReadOnlyList<ImportReport.Problem> Problems,
    [property: JsonPropertyName("error")] string? Error)
{
    public sealed record Problem(
        [property: JsonPropertyName("repository")] string Repository,
        [property: JsonPropertyName("item")] string Item,
        [property: JsonPropertyName("reason")] string Reason);

    public static ImportReport Of(ImportStatus status) => new(
        status.State.ToString().ToLowerInvariant(),
        status.Request?.DryRun ?? false,
        status.StartedAt,
        status.FinishedAt,
        status.RepositoriesFound,
        status.Tally.Repositories,
        status.Tally.BlobsLinked,
        status.Tally.BlobsPresent,
        status.Tally.ManifestsImported,
        status.Tally.ManifestsPresent,
        status.Tally.TagsImported,
        status.Tally.TagsPresent,
        status.Tally.Skipped,
        status.Problems.Select(p => new Problem(p.Repository, p.Item, p.Reason)).ToList(),
        status.Error);
}
