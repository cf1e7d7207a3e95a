using Microsoft.Extensions.Logging;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Abstractions.Retention;
using OrleansRegistry.Grains.Collection;
using OrleansRegistry.Grains.Persistence;
using OrleansRegistry.Grains.Retention;

namespace OrleansRegistry.Grains.Repositories;

/// <summary>
/// The repository's retention policy: it walks its tags newest push first (<see cref="RepositoryEntries.ByPush"/>),
/// keeps the protected ones, the <c>KeepLast</c> newest and those pulled lately, and deletes the rest that a rule
/// retires. A push walks only as far as <c>KeepLast</c> needs, so a repository under "keep the last 30" never holds
/// more than 30 for a run to catch up with.
/// </summary>
internal sealed partial class RepositoryGrain
{
    /// <summary>Tags a retention call weighs at most, as a sweep's candidates: each deletion is a write.</summary>
    private const int RetentionPageSize = 200;

    /// <summary>How far past <c>KeepLast</c> a push looks: what protected or lately pulled tags hold beyond it, then older tags the next push or run takes.</summary>
    private const int RetentionMarginOnPush = 32;

    public async Task<RetentionPage> RetainAsync(bool dryRun, RetentionCursor? from)
    {
        if (_policy is not { } policy || !_listed)
        {
            return RetentionPage.Done;
        }

        if (from is null && !dryRun && policy.UntaggedManifestAge is not null)
        {
            await QueueCandidatesAsync();
        }

        return policy.RetiresTags ? await RetainPageAsync(policy, dryRun, from ?? RetentionCursor.Start, RetentionPageSize) : RetentionPage.Done;
    }

    /// <summary>Applies <c>KeepLast</c> after a push tagged something; a failure leaves the tags for the next push or run.</summary>
    private async Task RetainAfterPushAsync()
    {
        if (_policy is not { KeepLast: { } keep } policy)
        {
            return;
        }

        try
        {
            var page = await RetainPageAsync(policy, dryRun: false, RetentionCursor.Start, keep + RetentionMarginOnPush);
            RetentionMetrics.Retired(page.Retired, dryRun: false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Retention after a push to {Repository} failed; the next push or run applies it", Name);
        }
    }

    private async Task<RetentionPage> RetainPageAsync(RetentionPolicy policy, bool dryRun, RetentionCursor cursor, int limit)
    {
        var now = time.GetUtcNow();
        var page = await _entries.ListAsync(RepositoryEntries.ByPush, cursor.After, limit);
        var kept = cursor.Kept;
        var retired = new List<RetiredTag>();
        foreach (var key in page.Keys)
        {
            var (tag, pushed) = RepositoryEntries.ParseByPushKey(key);
            if (policy.Protects(tag))
            {
                continue;
            }

            var tooOld = policy.DeleteOlderThan is { } age && pushed < now - age;
            if (!tooOld && (policy.KeepLast is not { } keep || kept < keep))
            {
                kept++;
                continue;
            }

            if (await TaggedAsync(tag) is not { } digest)
            {
                continue;
            }

            var pulled = await LastPulledAsync(tag, digest);
            if (policy.KeepPulledWithin is { } within && pulled >= now - within)
            {
                continue;
            }

            var manifest = await FindManifestAsync(digest);
            var size = manifest is null ? 0 : manifest.Size + manifest.Blobs.Sum(blob => blob.Size);
            retired.Add(new RetiredTag(Name, tag, digest, pushed, pulled, size, tooOld ? RetirementReason.DeleteOlderThan : RetirementReason.KeepLast));
            if (!dryRun)
            {
                await DeleteTagCoreAsync(tag, digest, pushed);
                logger.LogInformation("Tag {Tag} ({Digest}) deleted from {Repository} by its retention policy ({Reason})", tag, digest, Name, retired[^1].Reason);
            }
        }

        var next = page.HasMore && page.Keys.Count > 0 ? new RetentionCursor(page.Keys[^1], kept) : null;
        return new RetentionPage(retired, next);
    }

    /// <summary>When a tag was last pulled, by tag or by its manifest's digest (as Kubernetes pulls), whichever is later.</summary>
    private async Task<DateTimeOffset?> LastPulledAsync(Tag tag, Digest digest)
    {
        var stored = await _entries.GetManyAsync(RepositoryEntries.Pulled, [tag.Value, digest.ToString()]);
        return new[] { EntryTimes.Parse(stored[0]), EntryTimes.Parse(stored[1]), _pulls.Pending(tag.Value), _pulls.Pending(digest.ToString()) }.Max();
    }

    /// <summary>
    /// Puts the repository in the collector's queue if it holds untagged manifests its policy now expires: they were
    /// recorded while nothing expired them, so they did not queue it then.
    /// </summary>
    private async Task QueueCandidatesAsync()
    {
        if (!_queued && await _entries.AnyAsync(RepositoryEntries.Untagged))
        {
            await GrainFactory.CollectionQueue().AddRepositoryAsync(Name);
            await _entries.WriteAsync([RepositoryEntries.Queued(true)]);
            _queued = true;
        }
    }
}
