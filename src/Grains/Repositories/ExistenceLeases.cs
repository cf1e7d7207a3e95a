using OrleansRegistry.Core.Digests;

namespace OrleansRegistry.Grains.Repositories;

/// <summary>
/// The blobs clients found in a repository lately: each stays linked for a lease after, so that a client that
/// skipped an upload because the blob exists can still put its manifest. Held in memory, as recording them must not
/// cost a write per <c>HEAD</c>: a new activation protects every blob for a whole lease from its start instead,
/// which covers whatever the activation before it answered.
/// </summary>
internal sealed class ExistenceLeases(TimeSpan lease, DateTimeOffset activatedAt)
{
    private const int PruneAbove = 100_000;

    private readonly Dictionary<Digest, DateTimeOffset> _found = [];

    public void Found(Digest digest, DateTimeOffset now)
    {
        _found[digest] = now;
        if (_found.Count > PruneAbove)
        {
            Prune(now);
        }
    }

    public bool Protects(Digest digest, DateTimeOffset now) =>
        StartingUp(now) || (_found.TryGetValue(digest, out var found) && now < found + lease);

    /// <summary>Whether every blob is protected for now, however long ago it was found.</summary>
    public bool StartingUp(DateTimeOffset now) => now < activatedAt + lease;

    public void Prune(DateTimeOffset now)
    {
        foreach (var (digest, found) in _found)
        {
            if (now >= found + lease)
            {
                _found.Remove(digest);
            }
        }
    }
}
