using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Grains.Abstractions;

/// <summary>The sorted list of repositories, so that <c>_catalog</c> never walks storage.</summary>
[Alias("ICatalogGrain")]
public interface ICatalogGrain : IGrainWithIntegerKey
{
    [Alias("Add")]
    Task AddAsync(RepositoryName repository);

    /// <param name="last">The client's cursor: the last name of the page before, which need not exist.</param>
    [Alias("List")]
    Task<Page<RepositoryName>> ListAsync(string? last, int limit);
}
