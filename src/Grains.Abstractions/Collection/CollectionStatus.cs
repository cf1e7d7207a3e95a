namespace OrleansRegistry.Grains.Abstractions.Collection;

/// <summary>The collector's current or last run, as far as it has gone.</summary>
/// <param name="Repositories">Repositories with candidates swept so far.</param>
/// <param name="Blobs">Blobs weighed so far: those no repository links, and in a storage scan every stored blob.</param>
[GenerateSerializer, Immutable, Alias("CollectionStatus")]
public sealed record CollectionStatus(
    [property: Id(0)] CollectionState State,
    [property: Id(1)] CollectionRequest? Request,
    [property: Id(2)] DateTimeOffset? StartedAt,
    [property: Id(3)] DateTimeOffset? FinishedAt,
    [property: Id(4)] long Repositories,
    [property: Id(5)] long Blobs,
    [property: Id(6)] CollectionTally Tally,
    [property: Id(7)] string? Error)
{
    public static CollectionStatus Idle { get; } = new(CollectionState.Idle, null, null, null, 0, 0, CollectionTally.None, null);
}
