using System.Text.Json.Serialization;
using OrleansRegistry.Grains.Abstractions.Collection;

namespace OrleansRegistry.Api.Handlers;

/// <summary>A collection run as the admin API shows it, in camelCase JSON.</summary>
public sealed record CollectionReport(
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("dryRun")] bool DryRun,
    [property: JsonPropertyName("full")] bool Full,
    [property: JsonPropertyName("startedAt")] DateTimeOffset? StartedAt,
    [property: JsonPropertyName("finishedAt")] DateTimeOffset? FinishedAt,
    [property: JsonPropertyName("repositoriesSwept")] long RepositoriesSwept,
    [property: JsonPropertyName("blobsWeighed")] long BlobsWeighed,
    [property: JsonPropertyName("manifestsDeleted")] long ManifestsDeleted,
    [property: JsonPropertyName("blobsUnlinked")] long BlobsUnlinked,
    [property: JsonPropertyName("blobsDeleted")] long BlobsDeleted,
    [property: JsonPropertyName("bytesFreed")] long BytesFreed,
    [property: JsonPropertyName("waiting")] long Waiting,
    [property: JsonPropertyName("error")] string? Error)
{
    public static CollectionReport Of(CollectionStatus status) => new(
        status.State.ToString().ToLowerInvariant(),
        status.Request?.DryRun ?? false,
        status.Request?.Full ?? false,
        status.StartedAt,
        status.FinishedAt,
        status.Repositories,
        status.Blobs,
        status.Tally.ManifestsDeleted,
        status.Tally.BlobsUnlinked,
        status.Tally.BlobsDeleted,
        status.Tally.BytesFreed,
        status.Tally.Waiting,
        status.Error);
}
