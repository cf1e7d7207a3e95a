using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Grains.Abstractions;

/// <summary>
/// A blob in storage, keyed by digest, shared by every repository that links it. It knows the blob's size and
/// which repositories link it, so a mount needs no storage call and a garbage collector can work online.
/// </summary>
[Alias("IBlobGrain")]
public interface IBlobGrain : IGrainWithStringKey
{
    /// <summary>Records that <paramref name="repository"/> links the blob, which storage holds with this size.</summary>
    [Alias("Link")]
    Task LinkAsync(RepositoryName repository, long size);

    [Alias("Unlink")]
    Task UnlinkAsync(RepositoryName repository);

    /// <summary>The size of the stored blob, or null where none was registered.</summary>
    [Alias("GetSize")]
    Task<long?> GetSizeAsync();

    [Alias("GetLinks")]
    Task<IReadOnlyList<RepositoryName>> GetLinksAsync();
}
