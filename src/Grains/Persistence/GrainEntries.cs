using OrleansRegistry.Core.Errors;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Metadata;

namespace OrleansRegistry.Grains.Persistence;

/// <summary>
/// One activation's view of its grain's entries in the metadata store: it opens the owner (taking the fence every
/// write of this activation carries) and notes whether the entries are in the current layout yet.
/// </summary>
internal sealed class GrainEntries(IEntryStore store, EntryOwner owner, IGrainContext grain)
{
    /// <summary>Where the layout marker lives: written with an owner's first batch, or last when state is moved in.</summary>
    private const string Meta = "meta";
    private const string LayoutKey = "layout";
    private const string Layout = "entries";
    private const int PageSize = 1000;

    private EntryFence? _fence;

    public EntryOwner Owner => owner;

    /// <summary>Whether the owner's state is in this layout (written by it, or moved into it).</summary>
    public bool InLayout { get; private set; }

    public async Task OpenAsync()
    {
        _fence = await ReachAsync(() => store.OpenAsync(owner, CancellationToken.None));
        InLayout = await GetAsync(Meta, LayoutKey) is not null;
    }

    public Task<string?> GetAsync(string collection, string key) => ReachAsync(() => store.GetAsync(owner, collection, key, CancellationToken.None));

    public Task<IReadOnlyList<string?>> GetManyAsync(string collection, IReadOnlyList<string> keys) =>
        ReachAsync(() => store.GetManyAsync(owner, collection, keys, CancellationToken.None));

    public Task<EntryPage> ListAsync(string collection, string? after, int limit) =>
        ReachAsync(() => store.ListAsync(owner, collection, after, limit, CancellationToken.None));

    /// <summary>Whether the collection holds any key.</summary>
    public async Task<bool> AnyAsync(string collection) => (await ListAsync(collection, null, 1)).Keys.Count > 0;

    /// <summary>Every key of a collection, a page at a time.</summary>
    public async IAsyncEnumerable<string> ListAllAsync(string collection)
    {
        string? after = null;
        while (true)
        {
            var page = await ListAsync(collection, after, PageSize);
            foreach (var key in page.Keys)
            {
                yield return key;
            }

            if (!page.HasMore || page.Keys.Count == 0)
            {
                yield break;
            }

            after = page.Keys[^1];
        }
    }

    /// <summary>
    /// Writes a batch under this activation's fence. A newer activation owns the grain now (after a failover or a
    /// partition): this one changes nothing, goes, and the caller is told to retry, which reaches the new one.
    /// </summary>
    /// <param name="markLayout">False for all but the last batch of state moved in from the old layout.</param>
    public async Task WriteAsync(IReadOnlyList<EntryChange> changes, bool markLayout = true)
    {
        var batch = markLayout && !InLayout ? [.. changes, EntryChange.Put(Meta, LayoutKey, Layout)] : changes;
        try
        {
            var fence = _fence ?? throw new InvalidOperationException($"{owner} was not opened");
            await ReachAsync(async () =>
            {
                await store.WriteAsync(fence, batch, CancellationToken.None);
                return true;
            });
        }
        catch (StaleFenceException)
        {
            grain.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "a newer activation owns these entries"));
            throw new RegistryGrainException(RegistryErrorCode.Unavailable, $"{owner} moved to another silo; retry");
        }

        InLayout |= markLayout;
    }

    /// <summary>
    /// A store out of reach is a refusal the caller retries (503), carried as the registry's own exception: the
    /// store's would not cross to a gateway, which knows nothing of it. Activation failures cross this way too.
    /// </summary>
    private static async Task<T> ReachAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (MetadataUnavailableException e)
        {
            throw new RegistryGrainException(RegistryErrorCode.Unavailable, e.Message);
        }
    }
}
