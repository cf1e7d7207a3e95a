namespace OrleansRegistry.Grains.Abstractions.Collection;

/// <summary>
/// The registry's garbage collector, one per cluster. It runs in the background on a reminder and on demand, and
/// never pauses pushes or pulls: each repository and each blob decides, as the single writer of its own state, what
/// of it can go (see docs/garbage-collection.md).
/// </summary>
[Alias("ICollectorGrain")]
public interface ICollectorGrain : IGrainWithIntegerKey
{
    /// <summary>Starts a run unless one is running, and answers at once with the status of the run that is.</summary>
    [Alias("Run")]
    Task<CollectionStatus> RunAsync(CollectionRequest request);

    [Alias("GetStatus")]
    Task<CollectionStatus> GetStatusAsync();
}
