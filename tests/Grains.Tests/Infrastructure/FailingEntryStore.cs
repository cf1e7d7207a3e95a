using OrleansRegistry.Metadata;

namespace OrleansRegistry.Grains.Tests.Infrastructure;

/// <summary>A metadata store that fails every write after the first <paramref name="writesThatSucceed"/>, as a crash would.</summary>
internal sealed class FailingEntryStore(IEntryStore inner, int writesThatSucceed) : IEntryStore
{
    private int _writes;

    public Task<EntryFence> OpenAsync(EntryOwner owner, CancellationToken cancellationToken) => inner.OpenAsync(owner, cancellationToken);

    public Task<string?> GetAsync(EntryOwner owner, string collection, string key, CancellationToken cancellationToken) =>
        inner.GetAsync(owner, collection, key, cancellationToken);

    public Task<IReadOnlyList<string?>> GetManyAsync(EntryOwner owner, string collection, IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        inner.GetManyAsync(owner, collection, keys, cancellationToken);

    public Task<EntryPage> ListAsync(EntryOwner owner, string collection, string? after, int limit, CancellationToken cancellationToken) =>
        inner.ListAsync(owner, collection, after, limit, cancellationToken);

    public Task WriteAsync(EntryFence fence, IReadOnlyList<EntryChange> changes, CancellationToken cancellationToken) =>
        Interlocked.Increment(ref _writes) <= writesThatSucceed
            ? inner.WriteAsync(fence, changes, cancellationToken)
            : throw new IOException("the process died here");
}
