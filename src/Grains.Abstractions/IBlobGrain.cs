using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Grains.Abstractions;

/// <summary>
/// A blob in storage, keyed by digest, shared by every repository that links it. It knows the blob's size and
/// which repositories link it (as a blob, or as a manifest), so a mount needs no storage call and the garbage
/// collector can delete it online: it goes only once nothing links it for a grace period, and only inside one of
/// its own turns, so a commit or a mount that arrives meanwhile waits and finds it gone, never half gone.
/// </summary>
[Alias("IBlobGrain")]
public interface IBlobGrain : IGrainWithStringKey
{
    /// <summary>
    /// Announces bytes about to be written to the blob's address (an upload's commit, a manifest's put): the blob
    /// is not deleted for <c>Registry:Collection:CommitLease</c>, long enough for the writer to link what it wrote.
    /// A deletion under way finishes first, so the bytes written next are never deleted by it.
    /// </summary>
    [Alias("PrepareCommit")]
    Task PrepareCommitAsync();

    /// <summary>Records that <paramref name="repository"/> links the blob, which storage holds with this size.</summary>
    [Alias("Link")]
    Task LinkAsync(RepositoryName repository, long size);

    /// <summary>
    /// Links the blob to <paramref name="repository"/> if storage still holds it (a mount), and answers its size;
    /// null where it was deleted or never stored.
    /// </summary>
    [Alias("LinkExisting")]
    Task<long?> LinkExistingAsync(RepositoryName repository);

    /// <summary>Records that <paramref name="repository"/> holds a manifest whose bytes are this blob.</summary>
    [Alias("LinkManifest")]
    Task LinkManifestAsync(RepositoryName repository, long size);

    [Alias("UnlinkManifest")]
    Task UnlinkManifestAsync(RepositoryName repository);

    [Alias("Unlink")]
    Task UnlinkAsync(RepositoryName repository);

    /// <summary>The size of the stored blob, or null where none was registered.</summary>
    [Alias("GetSize")]
    Task<long?> GetSizeAsync();

    [Alias("GetLinks")]
    Task<IReadOnlyList<RepositoryName>> GetLinksAsync();
}
