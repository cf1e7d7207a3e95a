using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;

namespace OrleansRegistry.Application.Listing;

/// <summary>Tags of a repository and the repositories of the registry, paged in the spec's order.</summary>
public sealed class ListingService(IGrainFactory grains)
{
    /// <param name="last">The client's cursor: the last entry of the page before, which need not exist.</param>
    public async Task<Page<Tag>> ListTagsAsync(RepositoryName repository, string? last, int limit) =>
        await grains.Repository(repository).ListTagsAsync(last, limit) ?? throw new RegistryException(RegistryErrorCode.NameUnknown, repository.Value);

    /// <param name="last">The client's cursor: the last entry of the page before, which need not exist.</param>
    public Task<Page<RepositoryName>> ListRepositoriesAsync(string? last, int limit) => grains.Catalog().ListAsync(last, limit);
}
