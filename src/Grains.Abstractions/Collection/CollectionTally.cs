namespace OrleansRegistry.Grains.Abstractions.Collection;

/// <summary>
/// What a run deleted (or, in a dry run, would delete), level by level: a manifest deleted from a repository, a blob
/// unlinked from one, a blob deleted from storage with its bytes. Only the last frees bytes; the first two make a
/// blob unreferenced, and it goes after its grace period.
/// </summary>
/// <param name="Waiting">Candidates found that are not due yet (within their grace period or protected by a lease).</param>
[GenerateSerializer, Immutable, Alias("CollectionTally")]
public sealed record CollectionTally(
    [property: Id(0)] long ManifestsDeleted,
    [property: Id(1)] long BlobsUnlinked,
    [property: Id(2)] long BlobsDeleted,
    [property: Id(3)] long BytesFreed,
    [property: Id(4)] long Waiting)
{
    public static CollectionTally None { get; } = new(0, 0, 0, 0, 0);

    public static CollectionTally operator +(CollectionTally a, CollectionTally b) => new(
        a.ManifestsDeleted + b.ManifestsDeleted,
        a.BlobsUnlinked + b.BlobsUnlinked,
        a.BlobsDeleted + b.BlobsDeleted,
        a.BytesFreed + b.BytesFreed,
        a.Waiting + b.Waiting);
}
