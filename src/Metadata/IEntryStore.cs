namespace OrleansRegistry.Metadata;

/// <summary>
/// Where grains keep state that grows without bound, one entry at a time: each owner (a grain) has named collections
/// of string keys and values, read by key or in listing order, and changed in atomic batches. A batch costs what it
/// changes, whatever the size of the collections.
/// </summary>
/// <remarks>
/// An owner must <see cref="OpenAsync"/> before it writes; every write carries the fence that gave it, and a write
/// whose owner has been opened again since (a newer activation, after a failover or a partition) is refused with
/// <see cref="StaleFenceException"/> before it changes anything. That makes one writer per owner a rule of the store,
/// not only of the runtime. A batch is durable before the call returns.
/// </remarks>
public interface IEntryStore
{
    /// <summary>Takes the owner's next epoch: writes fenced by any earlier one are refused from now on.</summary>
    Task<EntryFence> OpenAsync(EntryOwner owner, CancellationToken cancellationToken);

    /// <summary>The value under <paramref name="key"/>, or null where there is none.</summary>
    Task<string?> GetAsync(EntryOwner owner, string collection, string key, CancellationToken cancellationToken);

    /// <summary>The values under <paramref name="keys"/>, in their order, null where there is none; one round trip.</summary>
    Task<IReadOnlyList<string?>> GetManyAsync(EntryOwner owner, string collection, IReadOnlyList<string> keys, CancellationToken cancellationToken);

    /// <summary>
    /// The keys after <paramref name="after"/> (which need not exist) in <see cref="ListingOrder"/>, at most
    /// <paramref name="limit"/>, in O(log n + limit).
    /// </summary>
    Task<EntryPage> ListAsync(EntryOwner owner, string collection, string? after, int limit, CancellationToken cancellationToken);

    /// <summary>Applies every change or none, durably, if no newer fence of the owner exists.</summary>
    /// <exception cref="StaleFenceException">The owner was opened again since <paramref name="fence"/>.</exception>
    Task WriteAsync(EntryFence fence, IReadOnlyList<EntryChange> changes, CancellationToken cancellationToken);
}
