using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Abstractions.Collection;
using OrleansRegistry.Grains.Abstractions.Usage;
using OrleansRegistry.Grains.Collection;
using OrleansRegistry.Grains.Persistence;
using OrleansRegistry.Grains.Persistence.Legacy;
using OrleansRegistry.Grains.Quotas;
using OrleansRegistry.Grains.Retention;
using OrleansRegistry.Metadata;

namespace OrleansRegistry.Grains.Repositories;

/// <summary>
/// A repository's single writer. Its state is entries in the metadata store (<see cref="RepositoryEntries"/>), read
/// by key and written in small atomic batches, so no call costs more as the repository grows and the grain holds
/// nothing per tag in memory: a repository of a million tags costs what one of ten does. Each write also keeps the
/// garbage collector's candidates (blobs no manifest references, manifests nothing reaches) up to date, so the
/// collector never walks the repository to find them.
/// </summary>
internal sealed partial class RepositoryGrain(
    IEntryStore store,
    IOptions<CollectionOptions> collection,
    IOptions<RetentionOptions> retention,
    RetentionPolicies policies,
    QuotaLimits quotas,
    TimeProvider time,
    ILogger<RepositoryGrain> logger)
    : Grain, IRepositoryGrain, IRepositoryCollectionGrain, IRepositoryRetentionGrain
{
    private readonly PullRecords _pulls = new();
    private GrainEntries _entries = null!;
    private ExistenceLeases _leases = null!;
    private IGrainTimer? _pullWriter;

    /// <summary>The retention policy the repository follows, if any.</summary>
    private RetentionPolicy? _policy;

    /// <summary>The quota the repository is held to, if any.</summary>
    private QuotaLimit? _quota;

    /// <summary>Whether the catalog lists this repository: it does from the repository's first change on.</summary>
    private bool _listed;

    /// <summary>Whether the collector's queue holds this repository.</summary>
    private bool _queued;

    /// <summary>Whether the references indexes cover every manifest (always, but for data written before them).</summary>
    private bool _referencesIndexed;

    /// <summary>Whether every tag has a push time (always, but for data written before them).</summary>
    private bool _pushTimesIndexed;

    /// <summary>What the repository holds, as last written; null only while data written before it is counted.</summary>
    private RepositoryUsage? _usage;

    private RepositoryName Name { get; set; }

    /// <summary>Candidates a sweep call weighs at most: each takes a few milliseconds, and a call must end well within Orleans' timeout.</summary>
    private const int SweepPageSize = 200;


    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Name = RepositoryName.Parse(this.GetPrimaryKeyString());
        _leases = new ExistenceLeases(collection.Value.ExistenceLease, time.GetUtcNow());
        _policy = policies.For(Name);
        _quota = quotas.For(Name);
        _entries = new GrainEntries(store, EntryOwners.Repository(Name), GrainContext);
        await _entries.OpenAsync();
        if (!_entries.InLayout)
        {
            await LegacyRepositoryMove.MoveAsync(_entries, GrainContext);
        }

        var meta = await _entries.GetManyAsync(
            RepositoryEntries.Meta,
            [RepositoryEntries.ListedKey, RepositoryEntries.QueuedKey, RepositoryEntries.ReferencesKey, RepositoryEntries.PushTimesKey, RepositoryEntries.UsageKey]);
        _listed = meta[0] is not null;
        _queued = meta[1] is not null;
        _referencesIndexed = meta[2] is not null;
        _pushTimesIndexed = meta[3] is not null;
        _usage = RepositoryEntries.UsageOf(meta[4]) ?? (_listed ? null : RepositoryUsage.None);
        // Before anything else is written: the first write marks every index as covering the repository.
        if (_listed && !_pushTimesIndexed)
        {
            await IndexPushTimesAsync();
        }

        if (_listed && !_referencesIndexed)
        {
            // The first batch marks the repository indexed: a crash after it loses candidates (garbage kept), never
            // a reference (which could get a blob in use collected).
            var candidates = await LegacyReferences.IndexAsync(_entries, GrainFactory, Name, time.GetUtcNow());
            if (candidates.Count == 0)
            {
                await WriteAsync([]);
            }

            foreach (var batch in candidates.Chunk(500))
            {
                await WriteAsync([.. batch]);
            }
        }

        if (_usage is null)
        {
            await CountUsageAsync();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await WritePullsAsync();
    }

    /// <summary>
    /// Gives the tags of a repository written before push times were kept the time of this activation, which is when
    /// policies first see them; the marker goes with the last batch, so a crash before it starts over.
    /// </summary>
    private async Task IndexPushTimesAsync()
    {
        var now = time.GetUtcNow();
        var changes = new List<EntryChange>();
        await foreach (var tag in _entries.ListAllAsync(RepositoryEntries.Tags))
        {
            changes.AddRange(RepositoryEntries.PutPushTime(Tag.Parse(tag), now, previous: null));
            if (changes.Count >= 500)
            {
                await _entries.WriteAsync(changes);
                changes = [];
            }
        }

        changes.Add(RepositoryEntries.PushTimesIndexed());
        await _entries.WriteAsync(changes);
        _pushTimesIndexed = true;
    }

    /// <summary>A blob a client asks for by digest: found, it is protected for a lease (<see cref="ExistenceLeases"/>).</summary>
    public async Task<long?> GetBlobAsync(Digest digest)
    {
        var size = await LinkedSizeAsync(digest);
        if (size is not null)
        {
            _leases.Found(digest, time.GetUtcNow());
        }

        return size;
    }

    public async Task LinkBlobAsync(Digest digest, long size)
    {
        // Pushed again, a blob counts as found: its pusher is about to reference it.
        _leases.Found(digest, time.GetUtcNow());
        var previous = await LinkedSizeAsync(digest);
        if (previous == size)
        {
            return;
        }

        // The blob learns of the link first, so a collector never deletes a blob a repository links.
        await GrainFactory.Blob(digest).LinkAsync(Name, size);
        await RecordLinkAsync(digest, size, previous);
    }

    public async Task<BlobLink?> MountAsync(Digest digest, RepositoryName? fromRepository)
    {
        if (await LinkedSizeAsync(digest) is { } linked)
        {
            _leases.Found(digest, time.GetUtcNow());
            return new BlobLink(digest, linked);
        }

        // A call to this very grain would wait on itself; and it does not link the blob, as seen above.
        if (fromRepository is { } from && (from == Name || await GrainFactory.Repository(from).GetBlobAsync(digest) is null))
        {
            return null;
        }

        // The blob grain links it only if its bytes are still stored: a deletion under way finishes first.
        if (await GrainFactory.Blob(digest).LinkExistingAsync(Name) is not { } size)
        {
            return null;
        }

        _leases.Found(digest, time.GetUtcNow());
        await RecordLinkAsync(digest, size, previous: null);
        return new BlobLink(digest, size);
    }

    public async Task UnlinkBlobAsync(Digest digest)
    {
        if (await LinkedSizeAsync(digest) is not { } size)
        {
            throw new RegistryGrainException(RegistryErrorCode.BlobUnknown, digest.ToString());
        }

        await UnlinkAsync(digest, size);
        logger.LogInformation("Blob {Digest} deleted from {Repository}", digest, Name);
    }

    /// <summary>A manifest a client fetches: the pull is recorded, for policies that keep what is pulled.</summary>
    public async Task<ManifestRecord> GetManifestAsync(ManifestReference reference)
    {
        var digest = reference.Digest ?? await TaggedAsync(reference.Tag!.Value);
        if (digest is not { } found || await FindManifestAsync(found) is not { } manifest)
        {
            throw new RegistryGrainException(RegistryErrorCode.ManifestUnknown, $"{Name}:{reference}");
        }

        var now = time.GetUtcNow();
        _pulls.Pulled(found.ToString(), now);
        if (reference.Tag is { } tag)
        {
            _pulls.Pulled(tag.Value, now);
        }

        var interval = retention.Value.PullRecordInterval;
        _pullWriter ??= this.RegisterGrainTimer(WritePullsAsync, new GrainTimerCreationOptions(interval, interval) { Interleave = false, KeepAlive = false });
        return manifest;
    }

    private async Task WritePullsAsync(CancellationToken cancellationToken = default)
    {
        if (_pulls.IsEmpty)
        {
            return;
        }

        try
        {
            await _entries.WriteAsync(_pulls.Take());
        }
        catch (Exception e) when (e is MetadataUnavailableException or StaleFenceException)
        {
            // Only pull times are lost: a policy sees those tags as pulled earlier, as after a crash.
            logger.LogWarning(e, "Could not record the latest pulls of {Repository}", Name);
        }
    }

    public async Task PutManifestAsync(ManifestRecord manifest, IReadOnlyList<Tag> tags)
    {
        await RequireReferencesAsync(manifest);
        await RecordManifestAsync(manifest, tags, push: true);
    }

    /// <summary>A cache holds what its upstream has: no quota refuses it.</summary>
    public Task CacheManifestAsync(ManifestRecord manifest, IReadOnlyList<Tag> tags) => RecordManifestAsync(manifest, tags, push: false);

    /// <summary>A push must bring everything its manifest references first; Distribution checks the same.</summary>
    private async Task RequireReferencesAsync(ManifestRecord manifest)
    {
        var sizes = await _entries.GetManyAsync(RepositoryEntries.Blobs, manifest.Blobs.Select(blob => blob.Digest.ToString()).ToList());
        for (var i = 0; i < manifest.Blobs.Count; i++)
        {
            var blob = manifest.Blobs[i];
            if (RepositoryEntries.SizeOf(sizes[i]) is not { } size)
            {
                throw new RegistryGrainException(RegistryErrorCode.ManifestBlobUnknown, $"blob {blob.Digest} is not in repository {Name}");
            }

            if (size != blob.Size)
            {
                throw new RegistryGrainException(
                    RegistryErrorCode.ManifestInvalid, $"blob {blob.Digest} has {size} bytes, the manifest says {blob.Size}");
            }
        }

        var children = await _entries.GetManyAsync(RepositoryEntries.Manifests, manifest.Children.Select(child => child.ToString()).ToList());
        for (var i = 0; i < manifest.Children.Count; i++)
        {
            if (children[i] is null)
            {
                // Distribution's answer for any reference the repository lacks, with the digest alone as detail:
                // clients read it from there.
                throw new RegistryGrainException(RegistryErrorCode.ManifestBlobUnknown, manifest.Children[i].ToString());
            }
        }
    }

    private async Task RecordManifestAsync(ManifestRecord manifest, IReadOnlyList<Tag> tags, bool push)
    {
        var now = time.GetUtcNow();
        var digest = manifest.Digest;
        var isNew = await FindManifestAsync(digest) is null;
        var held = push ? _quota : null;

        // The bytes are linked before the manifest is visible, so the collector never deletes them under it. The
        // link goes on while the reads below do (this turn holds every other write of the repository), unless a
        // quota may refuse the push: then it waits for the verdict, so a refused manifest links nothing.
        Task? linked = null;
        Task Link() => isNew ? GrainFactory.Blob(digest).LinkManifestAsync(Name, manifest.Size) : Task.CompletedTask;
        if (held is null)
        {
            linked = Link();
        }

        var distinct = tags.Distinct().ToList();
        var taggedBefore = new List<Digest?>();
        foreach (var name in distinct)
        {
            taggedBefore.Add(await TaggedAsync(name));
        }

        var added = RepositoryUsage.None with { Tags = taggedBefore.Count(before => before is null) };
        if (isNew)
        {
            added = added with { ManifestBytes = manifest.Size, Manifests = 1, ReferencedBlobBytes = await NewlyReferencedBytesAsync(manifest, linkedOnly: push) };
        }

        if (held is not null)
        {
            EnsureWithinQuota(held, added);
            linked = Link();
        }

        // One batch: the manifest, its references and all its tags, so a tag is never stored pointing at a manifest
        // that is not, and what the manifest references stops being a candidate as it becomes referenced.
        var changes = RepositoryEntries.PutManifest(manifest).ToList();
        if (isNew)
        {
            foreach (var referenced in RepositoryEntries.ReferencedBy(manifest))
            {
                changes.Add(EntryChange.Put(RepositoryEntries.ReferencesOf(referenced), digest.ToString(), ""));
                changes.AddRange(StopCandidate(referenced));
            }
        }

        if (isNew)
        {
            changes.Add(EntryChange.Put(RepositoryEntries.Pushed, digest.ToString(), EntryTimes.Format(now)));
        }

        var untaggedFrom = new Dictionary<Digest, List<Tag>>();
        var pushedBefore = await PushTimesAsync(distinct);
        for (var i = 0; i < distinct.Count; i++)
        {
            var name = distinct[i];
            if (taggedBefore[i] is { } previous && previous != digest)
            {
                changes.AddRange(RepositoryEntries.DeleteTag(name, previous));
                untaggedFrom.TryAdd(previous, []);
                untaggedFrom[previous].Add(name);
            }

            changes.AddRange(RepositoryEntries.PutTag(name, digest));
            changes.AddRange(RepositoryEntries.PutPushTime(name, now, pushedBefore[i]));
        }

        foreach (var (previous, lost) in untaggedFrom)
        {
            if (await BecomesUnreachableAsync(previous, lost))
            {
                changes.Add(RepositoryEntries.PutCandidate(RepositoryEntries.Untagged, previous, now));
            }
        }

        if (tags.Count > 0)
        {
            changes.AddRange(StopCandidate(digest));
        }
        else if (isNew && await IsUnreachableAsync(manifest))
        {
            changes.Add(RepositoryEntries.PutCandidate(RepositoryEntries.Untagged, digest, now));
        }

        await linked!;
        await WriteAsync(changes, added);
        logger.LogInformation(
            "Manifest {Digest} ({MediaType}, {Size} bytes) {How} {Repository}{As}",
            digest, manifest.MediaType, manifest.Size, push ? "pushed to" : "cached in", Name, tags.Count == 0 ? "" : " as " + string.Join(", ", tags));
        if (tags.Count > 0)
        {
            await RetainAfterPushAsync();
        }
    }

    public async Task DeleteManifestAsync(Digest digest)
    {
        var manifest = await FindManifestAsync(digest) ?? throw new RegistryGrainException(RegistryErrorCode.ManifestUnknown, $"{Name}@{digest}");
        var tags = await DeleteManifestCoreAsync(manifest);
        logger.LogInformation("Manifest {Digest} deleted from {Repository} with its tags {Tags}", digest, Name, tags);
    }

    /// <summary>
    /// Deletes a manifest with every tag that points at it, in one batch that also makes candidates of what only it
    /// referenced: its blobs (unreferenced), its children and its referrers (orphaned). Its bytes are unlinked last:
    /// a crash before leaves them stored, never a manifest whose bytes are gone.
    /// </summary>
    private async Task<List<Tag>> DeleteManifestCoreAsync(ManifestRecord manifest)
    {
        var now = time.GetUtcNow();
        var digest = manifest.Digest;
        var tags = new List<Tag>();
        await foreach (var tag in _entries.ListAllAsync(RepositoryEntries.TagsOf(digest)))
        {
            tags.Add(Tag.Parse(tag));
        }

        var pushed = await PushTimesAsync(tags);
        var changes = new List<EntryChange>([
            .. RepositoryEntries.DeleteManifest(manifest),
            .. RepositoryEntries.DeleteManifestTimes(digest),
            .. tags.SelectMany(tag => RepositoryEntries.DeleteTag(tag, digest)),
            .. tags.SelectMany((tag, i) => RepositoryEntries.DeleteTagTimes(tag, pushed[i])),
            .. StopCandidate(digest),
        ]);
        _pulls.Forget(digest.ToString());
        tags.ForEach(tag => _pulls.Forget(tag.Value));
        var freed = RepositoryUsage.None with { ManifestBytes = -manifest.Size, Manifests = -1, Tags = -tags.Count };
        foreach (var referenced in RepositoryEntries.ReferencedBy(manifest))
        {
            changes.Add(EntryChange.Delete(RepositoryEntries.ReferencesOf(referenced), digest.ToString()));
            if (await IsReferencedAsync(referenced, except: digest))
            {
                continue;
            }

            if (manifest.Blobs.FirstOrDefault(blob => blob.Digest == referenced) is { } unreferenced)
            {
                freed = freed with { ReferencedBlobBytes = freed.ReferencedBlobBytes - unreferenced.Size };
            }

            if (manifest.Children.Contains(referenced))
            {
                if (await FindManifestAsync(referenced) is not null && !await IsTaggedAsync(referenced))
                {
                    changes.Add(RepositoryEntries.PutCandidate(RepositoryEntries.Orphaned, referenced, now));
                }
            }
            else if (await LinkedSizeAsync(referenced) is not null)
            {
                changes.Add(RepositoryEntries.PutCandidate(RepositoryEntries.Unreferenced, referenced, now));
            }
        }

        await foreach (var referrer in _entries.ListAllAsync(RepositoryEntries.ReferrersOf(digest)))
        {
            changes.Add(RepositoryEntries.PutCandidate(RepositoryEntries.Orphaned, Digest.Parse(referrer), now));
        }

        await WriteAsync(changes, freed);
        await GrainFactory.Blob(digest).UnlinkManifestAsync(Name);
        return tags;
    }

    public async Task DeleteTagAsync(Tag tag)
    {
        var digest = await TaggedAsync(tag) ?? throw new RegistryGrainException(RegistryErrorCode.ManifestUnknown, $"tag {tag} is not in repository {Name}");
        await DeleteTagCoreAsync(tag, digest, (await PushTimesAsync([tag]))[0]);
        logger.LogInformation("Tag {Tag} deleted from {Repository}", tag, Name);
    }

    /// <summary>Deletes a tag only; its manifest becomes a candidate if nothing else reaches it.</summary>
    private async Task DeleteTagCoreAsync(Tag tag, Digest digest, DateTimeOffset? pushed)
    {
        var changes = RepositoryEntries.DeleteTag(tag, digest).Concat(RepositoryEntries.DeleteTagTimes(tag, pushed)).ToList();
        if (await BecomesUnreachableAsync(digest, [tag]))
        {
            changes.Add(RepositoryEntries.PutCandidate(RepositoryEntries.Untagged, digest, time.GetUtcNow()));
        }

        _pulls.Forget(tag.Value);
        await WriteAsync(changes, RepositoryUsage.None with { Tags = -1 });
    }

    public async Task<Page<Tag>?> ListTagsAsync(string? last, int limit)
    {
        if (!_listed)
        {
            return null;
        }

        var page = await _entries.ListAsync(RepositoryEntries.Tags, last, limit);
        return new Page<Tag>(page.Keys.Select(Tag.Parse).ToList(), page.HasMore);
    }

    public Task<RepositoryUsage?> GetUsageAsync() => Task.FromResult(_listed ? _usage : null);

    public async Task<IReadOnlyList<ManifestRecord>> GetReferrersAsync(Digest subject, string? artifactType)
    {
        var digests = new List<string>();
        await foreach (var digest in _entries.ListAllAsync(RepositoryEntries.ReferrersOf(subject)))
        {
            digests.Add(digest);
        }

        var referrers = await _entries.GetManyAsync(RepositoryEntries.Manifests, digests);
        return referrers.Select(RepositoryEntries.ManifestOf)
            .OfType<ManifestRecord>()
            .Where(manifest => artifactType is null || manifest.ArtifactType == artifactType)
            .ToList();
    }

    public async Task<SweepPage> SweepAsync(bool dryRun, SweepCursor? from)
    {
        var options = collection.Value;
        var kinds = RepositoryEntries.CandidateKinds;
        var cursor = from ?? SweepCursor.Start;
        var tally = CollectionTally.None;
        var budget = SweepPageSize;
        while (cursor.Phase < kinds.Count)
        {
            var kind = kinds[cursor.Phase];
            var page = Queues(kind) ? await _entries.ListAsync(kind, cursor.After, budget) : new EntryPage([], false);
            var since = await _entries.GetManyAsync(kind, page.Keys);
            for (var i = 0; i < page.Keys.Count; i++)
            {
                if (EntryTimes.Parse(since[i]) is not { } candidateSince)
                {
                    continue;
                }

                var digest = Digest.Parse(page.Keys[i]);
                tally += kind == RepositoryEntries.Unreferenced
                    ? await SweepBlobAsync(digest, candidateSince, options.GracePeriod, dryRun)
                    : await SweepManifestAsync(kind, digest, candidateSince, kind == RepositoryEntries.Untagged ? UntaggedManifestAge!.Value : options.GracePeriod, dryRun);
            }

            budget -= page.Keys.Count;
            cursor = page.HasMore && page.Keys.Count > 0 ? cursor with { After = page.Keys[^1] } : new SweepCursor(cursor.Phase + 1, null);
            if (budget <= 0 && cursor.Phase < kinds.Count)
            {
                // A page's work is done in one turn; pushes to the repository go on between pages.
                return new SweepPage(tally, cursor);
            }
        }

        var now = time.GetUtcNow();
        if (_leases.StartingUp(now) && _queued)
        {
            // Leases are in memory: going now would start them over and hold the candidates another lease.
            DelayDeactivation(options.ExistenceLease);
        }

        _leases.Prune(now);
        if (!dryRun && _queued && !await HasCandidatesAsync())
        {
            await GrainFactory.CollectionQueue().RemoveRepositoryAsync(Name);
            await _entries.WriteAsync([RepositoryEntries.Queued(false)]);
            _queued = false;
        }

        return new SweepPage(tally, null);
    }

    private async Task<CollectionTally> SweepManifestAsync(string kind, Digest digest, DateTimeOffset since, TimeSpan age, bool dryRun)
    {
        if (await FindManifestAsync(digest) is not { } manifest || !await IsUnreachableAsync(manifest))
        {
            await DropCandidateAsync(kind, digest);
            return CollectionTally.None;
        }

        if (time.GetUtcNow() < since + age)
        {
            return CollectionTally.None with { Waiting = 1 };
        }

        if (!dryRun)
        {
            await DeleteManifestCoreAsync(manifest);
            logger.LogInformation("Manifest {Digest} collected from {Repository}: nothing reached it since {Since}", digest, Name, since);
        }

        return CollectionTally.None with { ManifestsDeleted = 1 };
    }

    private async Task<CollectionTally> SweepBlobAsync(Digest digest, DateTimeOffset since, TimeSpan grace, bool dryRun)
    {
        if (await LinkedSizeAsync(digest) is not { } size || await IsReferencedAsync(digest))
        {
            await DropCandidateAsync(RepositoryEntries.Unreferenced, digest);
            return CollectionTally.None;
        }

        var now = time.GetUtcNow();
        if (now < since + grace || _leases.Protects(digest, now))
        {
            return CollectionTally.None with { Waiting = 1 };
        }

        if (!dryRun)
        {
            await UnlinkAsync(digest, size);
            logger.LogInformation("Blob {Digest} collected from {Repository}: no manifest referenced it since {Since}", digest, Name, since);
        }

        return CollectionTally.None with { BlobsUnlinked = 1 };
    }

    /// <summary>
    /// Drops a candidate that no longer is one, at once: a batch of them written later could drop one that a deletion
    /// of this sweep has made a candidate again meanwhile.
    /// </summary>
    private Task DropCandidateAsync(string candidates, Digest digest) => WriteAsync([RepositoryEntries.DeleteCandidate(candidates, digest)]);

    private async Task<bool> HasCandidatesAsync()
    {
        foreach (var candidates in RepositoryEntries.CandidateKinds)
        {
            if (Queues(candidates) && await _entries.AnyAsync(candidates))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether candidates of this kind can ever be due, and so keep the repository in the collector's queue.</summary>
    private bool Queues(string candidates) => candidates != RepositoryEntries.Untagged || UntaggedManifestAge is not null;

    /// <summary>How long untagged manifests stay here: the policy's age, else the collector's; null keeps them.</summary>
    private TimeSpan? UntaggedManifestAge => _policy?.UntaggedManifestAge ?? collection.Value.UntaggedManifestAge;

    /// <summary>Links a blob the blob grain has recorded: unreferenced until a manifest references it.</summary>
    private async Task RecordLinkAsync(Digest digest, long size, long? previous)
    {
        List<EntryChange> changes = [RepositoryEntries.PutBlob(digest, size)];
        if (!await IsReferencedAsync(digest))
        {
            changes.Add(RepositoryEntries.PutCandidate(RepositoryEntries.Unreferenced, digest, time.GetUtcNow()));
        }

        await WriteAsync(changes, RepositoryUsage.None with { LinkedBlobBytes = size - (previous ?? 0), LinkedBlobs = previous is null ? 1 : 0 });
    }

    /// <summary>The repository's link goes first: a crash before the blob learns of it leaves a link too many, never one too few.</summary>
    private async Task UnlinkAsync(Digest digest, long size)
    {
        await WriteAsync(
            [RepositoryEntries.DeleteBlob(digest), RepositoryEntries.DeleteCandidate(RepositoryEntries.Unreferenced, digest)],
            RepositoryUsage.None with { LinkedBlobBytes = -size, LinkedBlobs = -1 });
        await GrainFactory.Blob(digest).UnlinkAsync(Name);
    }

    private static IEnumerable<EntryChange> StopCandidate(Digest digest) =>
        RepositoryEntries.CandidateKinds.Select(kind => RepositoryEntries.DeleteCandidate(kind, digest));

    /// <summary>Whether a manifest nothing reaches: no tag, no index listing it, and no subject it refers to here.</summary>
    private async Task<bool> IsUnreachableAsync(ManifestRecord manifest) =>
        await BecomesUnreachableAsync(manifest.Digest, [])
        && (manifest.Subject is not { } subject || await FindManifestAsync(subject) is null);

    /// <summary>Whether a manifest has no tag but <paramref name="losing"/> and no index listing it.</summary>
    private async Task<bool> BecomesUnreachableAsync(Digest digest, IReadOnlyCollection<Tag> losing)
    {
        var tags = await _entries.ListAsync(RepositoryEntries.TagsOf(digest), null, losing.Count + 1);
        return tags.Keys.All(tag => losing.Contains(Tag.Parse(tag))) && !await IsReferencedAsync(digest);
    }

    private Task<bool> IsTaggedAsync(Digest digest) => _entries.AnyAsync(RepositoryEntries.TagsOf(digest));

    private async Task<bool> IsReferencedAsync(Digest digest, Digest? except = null)
    {
        var page = await _entries.ListAsync(RepositoryEntries.ReferencesOf(digest), null, 2);
        return page.Keys.Any(key => except is not { } skipped || key != skipped.ToString());
    }

    private async Task<long?> LinkedSizeAsync(Digest digest) => RepositoryEntries.SizeOf(await _entries.GetAsync(RepositoryEntries.Blobs, digest.ToString()));

    /// <summary>When each of <paramref name="tags"/> was last pushed, in their order; null for a tag never pushed.</summary>
    private async Task<IReadOnlyList<DateTimeOffset?>> PushTimesAsync(IReadOnlyList<Tag> tags) =>
        tags.Count == 0
            ? []
            : (await _entries.GetManyAsync(RepositoryEntries.Pushed, tags.Select(tag => tag.Value).ToList())).Select(EntryTimes.Parse).ToList();

    private async Task<Digest?> TaggedAsync(Tag tag) =>
        await _entries.GetAsync(RepositoryEntries.Tags, tag.Value) is { } digest ? Digest.Parse(digest) : null;

    private async Task<ManifestRecord?> FindManifestAsync(Digest digest) =>
        RepositoryEntries.ManifestOf(await _entries.GetAsync(RepositoryEntries.Manifests, digest.ToString()));

    /// <summary>
    /// Writes a batch. The repository's first one also puts it in the catalog, before anything of it is visible,
    /// and the first candidate puts it in the collector's queue, before the candidate is stored.
    /// </summary>
    /// <param name="usage">What the batch changes in what the repository holds (<see cref="RepositoryUsage"/>), written with it.</param>
    private async Task WriteAsync(List<EntryChange> changes, RepositoryUsage? usage = null)
    {
        // A repository's first batch writes its usage, so that only data written before usage was kept lacks it.
        var next = _usage is { } current && (usage is not null || !_listed) ? current + (usage ?? RepositoryUsage.None) : null;
        if (next is not null)
        {
            changes.Add(RepositoryEntries.PutUsage(next));
        }

        if (!_listed)
        {
            await GrainFactory.Catalog().AddAsync(Name);
            changes.Add(RepositoryEntries.Listed());
        }

        if (!_referencesIndexed)
        {
            changes.Add(RepositoryEntries.ReferencesIndexed());
        }

        if (!_pushTimesIndexed)
        {
            changes.Add(RepositoryEntries.PushTimesIndexed());
        }

        var queue = !_queued && changes.Any(change => !change.IsDelete && RepositoryEntries.CandidateKinds.Contains(change.Collection) && Queues(change.Collection));
        if (queue)
        {
            await GrainFactory.CollectionQueue().AddRepositoryAsync(Name);
            changes.Add(RepositoryEntries.Queued(true));
        }

        await _entries.WriteAsync(changes);
        _listed = true;
        _referencesIndexed = true;
        _pushTimesIndexed = true;
        _usage = next ?? _usage;
        _queued |= queue;
    }
}
