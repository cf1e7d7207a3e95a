using OrleansRegistry.Grains.Abstractions.Collection;

namespace OrleansRegistry.Grains.Collection;

/// <summary>The collector's side of a blob grain (<see cref="Blobs.BlobGrain"/>).</summary>
[Alias("IBlobCollectionGrain")]
public interface IBlobCollectionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Deletes the blob, bytes and all, if no repository links it and it has been so for the grace period; counts it
    /// as waiting where it is not due yet.
    /// </summary>
    /// <param name="storedAt">
    /// When a storage scan found bytes at the blob's address, the time they were stored: for bytes no grain knows
    /// of, the grace period counts from there.
    /// </param>
    [Alias("Collect")]
    Task<CollectionTally> CollectAsync(bool dryRun, DateTimeOffset? storedAt, long? storedSize);
}
