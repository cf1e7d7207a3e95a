using OrleansRegistry.Grains.Abstractions.Retention;

namespace OrleansRegistry.Grains.Retention;

/// <summary>The retention side of a repository grain (<see cref="Repositories.RepositoryGrain"/>).</summary>
[Alias("IRepositoryRetentionGrain")]
public interface IRepositoryRetentionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies the repository's policy to a page of its tags, newest first, from <paramref name="from"/> on (null:
    /// the first): deletes (or, in a dry run, only reports) the tags it retires. A repository no policy names
    /// answers an empty last page.
    /// </summary>
    [Alias("Retain")]
    Task<RetentionPage> RetainAsync(bool dryRun, RetentionCursor? from);
}
