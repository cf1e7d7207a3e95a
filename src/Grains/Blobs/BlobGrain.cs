using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Abstractions.Collection;
using OrleansRegistry.Grains.Collection;
using OrleansRegistry.Grains.Persistence;
using OrleansRegistry.Grains.Persistence.Legacy;
using OrleansRegistry.Metadata;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Grains.Blobs;

/// <summary>
/// A blob by digest: its size, and the repositories that link it, an entry each, so that a base layer linked by
/// thousands of repositories costs one small write per new link. It is the only one that deletes the blob's bytes,
/// and does so inside one turn, so a commit or a mount that arrives meanwhile waits and then sees it gone.
/// </summary>
internal sealed class BlobGrain(
    IEntryStore store,
    IBlobStore blobs,
    IOptions<CollectionOptions> options,
    TimeProvider time,
    ILogger<BlobGrain> logger) : Grain, IBlobGrain, IBlobCollectionGrain
{
    private GrainEntries _entries = null!;
    private Digest _digest;
    private long? _size;
    private DateTimeOffset? _unlinkedSince;

    /// <summary>
    /// Until when commits announced to the blob hold off its deletion. Kept in memory, as an announcement must not
    /// cost a write on the push path: a new activation starts with a whole commit lease, which covers every commit
    /// announced to the one before it.
    /// </summary>
    private DateTimeOffset _committingUntil;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _digest = Digest.Parse(this.GetPrimaryKeyString());
        _entries = new GrainEntries(store, EntryOwners.Blob(_digest), GrainContext);
        await _entries.OpenAsync();
        if (!_entries.InLayout)
        {
            await LegacyBlobMove.MoveAsync(_entries, GrainContext);
        }

        var head = await _entries.GetManyAsync(BlobEntries.Head, [BlobEntries.SizeKey, BlobEntries.UnlinkedKey]);
        _size = BlobEntries.SizeOf(head[0]);
        _unlinkedSince = EntryTimes.Parse(head[1]);
        _committingUntil = time.GetUtcNow() + options.Value.CommitLease;
    }

    public Task PrepareCommitAsync()
    {
        var until = time.GetUtcNow() + options.Value.CommitLease;
        if (until > _committingUntil)
        {
            _committingUntil = until;
        }

        return Task.CompletedTask;
    }

    public Task LinkAsync(RepositoryName repository, long size) => LinkAsync(BlobEntries.Links, repository, size);

    public async Task<long?> LinkExistingAsync(RepositoryName repository)
    {
        if (_size is not { } size)
        {
            return null;
        }

        await LinkAsync(BlobEntries.Links, repository, size);
        return size;
    }

    public Task LinkManifestAsync(RepositoryName repository, long size) => LinkAsync(BlobEntries.ManifestLinks, repository, size);

    public Task UnlinkAsync(RepositoryName repository) => UnlinkAsync(BlobEntries.Links, repository);

    public Task UnlinkManifestAsync(RepositoryName repository) => UnlinkAsync(BlobEntries.ManifestLinks, repository);

    public Task<long?> GetSizeAsync() => Task.FromResult(_size);

    public async Task<IReadOnlyList<RepositoryName>> GetLinksAsync()
    {
        var links = new List<RepositoryName>();
        await foreach (var repository in _entries.ListAllAsync(BlobEntries.Links))
        {
            links.Add(RepositoryName.Parse(repository));
        }

        return links;
    }

    public async Task<CollectionTally> CollectAsync(bool dryRun, DateTimeOffset? storedAt, long? storedSize)
    {
        // A storage scan weighs every stored blob; only those the queue holds are taken off it.
        var queued = storedAt is null;
        if (await IsLinkedAsync())
        {
            await ForgetAsync(queued);
            return CollectionTally.None;
        }

        if (!dryRun && _size is null && storedAt is { } stored && storedSize is { } found)
        {
            // Bytes no grain knows of (a writer crashed between storing and linking them) become an unlinked blob
            // like any other, queued, its grace period counted from when they were stored.
            await GrainFactory.CollectionQueue().AddBlobAsync(_digest);
            await _entries.WriteAsync([BlobEntries.PutSize(found), BlobEntries.PutUnlinked(stored)]);
            (_size, _unlinkedSince, queued) = (found, stored, true);
        }

        var size = _size ?? storedSize;
        if (size is null || (_unlinkedSince ?? storedAt) is not { } since)
        {
            // Nothing is stored, or a blob linked once and never unlinked: nothing to weigh.
            await ForgetAsync(queued);
            return CollectionTally.None;
        }

        var now = time.GetUtcNow();
        if (now < since + options.Value.GracePeriod)
        {
            return CollectionTally.None with { Waiting = 1 };
        }

        if (now < _committingUntil)
        {
            // A commit may be under way, or this activation is too new to know: the next run decides, and this
            // activation must live until then, or its successor would start its lease over.
            DelayDeactivation(_committingUntil - now + options.Value.Interval);
            return CollectionTally.None with { Waiting = 1 };
        }

        if (!dryRun)
        {
            // The entries go first: a crash before the bytes go leaves bytes no grain knows of, which a storage scan
            // finds; the other order would leave a size for bytes that are gone, and a mount would link them.
            await _entries.WriteAsync([BlobEntries.DeleteSize(), BlobEntries.DeleteUnlinked()]);
            _size = null;
            _unlinkedSince = null;
            await blobs.DeleteBlobAsync(_digest, CancellationToken.None);
            await ForgetAsync(queued: true);
            logger.LogInformation("Blob {Digest} ({Size} bytes) deleted from storage: no repository linked it since {Since}", _digest, size, since);
        }

        return CollectionTally.None with { BlobsDeleted = 1, BytesFreed = size.Value };
    }

    private async Task LinkAsync(string collection, RepositoryName repository, long size)
    {
        List<EntryChange> changes = [BlobEntries.PutSize(size), BlobEntries.PutLink(collection, repository.Value)];
        if (_unlinkedSince is not null)
        {
            changes.Add(BlobEntries.DeleteUnlinked());
        }

        await _entries.WriteAsync(changes);
        _size = size;
        _unlinkedSince = null;
    }

    private async Task UnlinkAsync(string collection, RepositoryName repository)
    {
        List<EntryChange> changes = [BlobEntries.DeleteLink(collection, repository.Value)];
        var now = time.GetUtcNow();
        var last = !await IsLinkedAsync(except: (collection, repository.Value));
        if (last)
        {
            // Queued before the write: a crash between leaves a queue entry the collector drops, never a blob
            // nothing links that the collector does not know of.
            await GrainFactory.CollectionQueue().AddBlobAsync(_digest);
            changes.Add(BlobEntries.PutUnlinked(now));
        }

        await _entries.WriteAsync(changes);
        if (last)
        {
            _unlinkedSince = now;
        }
    }

    /// <summary>Whether any repository links the blob, as a blob or as a manifest, besides <paramref name="except"/>.</summary>
    private async Task<bool> IsLinkedAsync((string Collection, string Repository)? except = null)
    {
        foreach (var collection in new[] { BlobEntries.Links, BlobEntries.ManifestLinks })
        {
            var page = await _entries.ListAsync(collection, null, 2);
            if (page.Keys.Any(key => except is not { } skipped || skipped.Collection != collection || skipped.Repository != key))
            {
                return true;
            }
        }

        return false;
    }

    private Task ForgetAsync(bool queued) => queued ? GrainFactory.CollectionQueue().RemoveBlobAsync(_digest) : Task.CompletedTask;
}
