using OrleansRegistry.Grains.Persistence;
using OrleansRegistry.Metadata;

namespace OrleansRegistry.Grains.Repositories;

/// <summary>
/// When a repository's tags and manifests were last pulled, held in memory until the repository writes them down in
/// one batch (every <c>Registry:Retention:PullRecordInterval</c>, and as it deactivates), so that a pull costs no
/// write. A crash loses the pulls since the last batch: a policy may then see a tag as pulled a little earlier than
/// it was, never later.
/// </summary>
internal sealed class PullRecords
{
    private readonly Dictionary<string, DateTimeOffset> _pending = [];

    public bool IsEmpty => _pending.Count == 0;

    /// <param name="key">A tag, or a manifest's digest: the two never look alike, as a tag has no ':'.</param>
    public void Pulled(string key, DateTimeOffset at) => _pending[key] = at;

    /// <summary>A pull not written yet, which is the latest there is.</summary>
    public DateTimeOffset? Pending(string key) => _pending.TryGetValue(key, out var at) ? at : null;

    /// <summary>Drops the pulls of a tag or manifest being deleted, so writing them does not bring it back.</summary>
    public void Forget(string key) => _pending.Remove(key);

    /// <summary>The batch to write, emptying what is held.</summary>
    public List<EntryChange> Take()
    {
        var changes = _pending.Select(pull => EntryChange.Put(RepositoryEntries.Pulled, pull.Key, EntryTimes.Format(pull.Value))).ToList();
        _pending.Clear();
        return changes;
    }
}
