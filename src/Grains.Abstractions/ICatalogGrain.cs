namespace OrleansRegistry.Grains.Abstractions;

/// <summary>The sorted list of repositories, so that <c>_catalog</c> never walks storage.</summary>
[Alias("ICatalogGrain")]
public interface ICatalogGrain : IGrainWithIntegerKey
{
    [Alias("Add")]
    Task AddAsync(string repository);

    [Alias("List")]
    Task<Page> ListAsync(string? last, int limit);
}
