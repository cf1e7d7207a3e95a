using OrleansRegistry.Grains.Abstractions.Collection;

namespace OrleansRegistry.Grains.Collection;

/// <summary>The collector's side of a repository grain (<see cref="Repositories.RepositoryGrain"/>).</summary>
[Alias("IRepositoryCollectionGrain")]
public interface IRepositoryCollectionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Deletes the manifests and unlinks the blobs that are due (each checked again, as the repository is now),
    /// drops candidates that no longer are, and leaves the collector's queue once none is left.
    /// </summary>
    [Alias("Sweep")]
    Task<CollectionTally> SweepAsync(bool dryRun);
}
