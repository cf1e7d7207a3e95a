namespace OrleansRegistry.Grains.Collection;

/// <summary>The collector's side of a repository grain (<see cref="Repositories.RepositoryGrain"/>).</summary>
[Alias("IRepositoryCollectionGrain")]
public interface IRepositoryCollectionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Weighs a page of candidates from <paramref name="from"/> on (null: the first): deletes the manifests and
    /// unlinks the blobs that are due (each checked again, as the repository is now), and drops candidates that no
    /// longer are. After the last page, the repository leaves the collector's queue if no candidate is left.
    /// </summary>
    [Alias("Sweep")]
    Task<SweepPage> SweepAsync(bool dryRun, SweepCursor? from);
}
