namespace OrleansRegistry.Grains.Abstractions;

/// <summary>
/// A blob in storage, keyed by digest, shared by every repository that links it. It knows the blob's size and
/// which repositories link it, so a mount needs no storage call and a garbage collector can work online.
/// </summary>
[Alias("IBlobGrain")]
public interface IBlobGrain : IGrainWithStringKey
{
    [Alias("Register")]
    Task RegisterAsync(long size);

    /// <summary>The size of the stored blob, or null where none was registered.</summary>
    [Alias("GetSize")]
    Task<long?> GetSizeAsync();

    [Alias("AddLink")]
    Task AddLinkAsync(string repository);

    [Alias("RemoveLink")]
    Task RemoveLinkAsync(string repository);

    [Alias("GetLinks")]
    Task<IReadOnlyList<string>> GetLinksAsync();
}
