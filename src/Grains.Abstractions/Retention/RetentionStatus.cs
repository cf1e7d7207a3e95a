using OrleansRegistry.Grains.Abstractions.Collection;

namespace OrleansRegistry.Grains.Abstractions.Retention;

/// <summary>The current or last run of the retention policies, as far as it has gone.</summary>
/// <param name="Repositories">Repositories a policy names, visited so far.</param>
/// <param name="TagsDeleted">Tags deleted so far (in a dry run, that would be).</param>
/// <param name="ImageBytes">What the images of those tags reference (<see cref="RetiredTag.ImageSize"/>).</param>
/// <param name="Tags">The first <see cref="ReportLimit"/> of those tags, for the report.</param>
[GenerateSerializer, Immutable, Alias("RetentionStatus")]
public sealed record RetentionStatus(
    [property: Id(0)] CollectionState State,
    [property: Id(1)] RetentionRequest? Request,
    [property: Id(2)] DateTimeOffset? StartedAt,
    [property: Id(3)] DateTimeOffset? FinishedAt,
    [property: Id(4)] long Repositories,
    [property: Id(5)] long TagsDeleted,
    [property: Id(6)] long ImageBytes,
    [property: Id(7)] IReadOnlyList<RetiredTag> Tags,
    [property: Id(8)] string? Error)
{
    /// <summary>Tags a status lists at most: enough to review a dry run, small enough to answer in one response.</summary>
    public const int ReportLimit = 1000;

    public static RetentionStatus Idle { get; } = new(CollectionState.Idle, null, null, null, 0, 0, 0, [], null);
}
