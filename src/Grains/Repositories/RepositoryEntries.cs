using System.Globalization;
using System.Text.Json;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Abstractions.Usage;
using OrleansRegistry.Grains.Persistence;
using OrleansRegistry.Metadata;

namespace OrleansRegistry.Grains.Repositories;

/// <summary>
/// How a repository is stored, one entry per fact: its tags, manifests and linked blobs, the indexes that keep
/// every read and delete to the entries it concerns (the tags of a manifest, the referrers of a subject, the
/// manifests referencing a blob or a manifest), the garbage collector's candidates, each with the time it became
/// one, and when tags and manifests were last pushed and pulled, for retention policies.
/// </summary>
internal static class RepositoryEntries
{
    /// <summary>Tag to the digest of its manifest.</summary>
    public const string Tags = "tags";

    /// <summary>Manifest digest to what the repository knows of it, as JSON.</summary>
    public const string Manifests = "manifests";

    /// <summary>Linked blob digest to its size.</summary>
    public const string Blobs = "blobs";

    /// <summary>Tag or manifest digest to when it was last pushed.</summary>
    public const string Pushed = "pushed";

    /// <summary>The tags, newest push first (<see cref="ByPushKey"/>), so a policy that keeps the last N reads N + 1 keys.</summary>
    public const string ByPush = "by-push";

    /// <summary>Tag or manifest digest to when it was last pulled, written in batches (<see cref="PullRecords"/>).</summary>
    public const string Pulled = "pulled";

    /// <summary>Whether the catalog lists the repository: written with its first change.</summary>
    public const string Meta = "meta";

    public const string ListedKey = "listed";

    /// <summary>Whether the collector's queue holds the repository: set when its first candidate comes.</summary>
    public const string QueuedKey = "queued";

    /// <summary>Whether the <see cref="ReferencesOf"/> indexes cover every manifest: written once they do.</summary>
    public const string ReferencesKey = "references";

    /// <summary>What the repository holds (<see cref="RepositoryUsage"/>, as JSON), written with every change to it.</summary>
    public const string UsageKey = "usage";

    /// <summary>Whether <see cref="Pushed"/> and <see cref="ByPush"/> cover every tag: written once they do.</summary>
    public const string PushTimesKey = "push-times";

    /// <summary>Linked blobs no manifest references (a push in flight, or abandoned), since when.</summary>
    public const string Unreferenced = "unreferenced";

    /// <summary>Manifests with no tag and no index listing them, since when: deleted if untagged manifests expire.</summary>
    public const string Untagged = "untagged";

    /// <summary>Manifests that lost the index listing them or the subject they refer to, since when: deleted after the grace period.</summary>
    public const string Orphaned = "orphaned";

    /// <summary>
    /// Every kind of candidate, in the order a sweep weighs them (<see cref="Collection.SweepCursor.Phase"/>): manifests
    /// first, as deleting one makes candidates of its blobs, which the same sweep may take.
    /// </summary>
    public static IReadOnlyList<string> CandidateKinds { get; } = [Untagged, Orphaned, Unreferenced];

    /// <summary>The tags pointing at a manifest, so that deleting it touches only them.</summary>
    public static string TagsOf(Digest manifest) => $"tags-of:{manifest}";

    /// <summary>The manifests whose subject is a digest, for the referrers API.</summary>
    public static string ReferrersOf(Digest subject) => $"referrers:{subject}";

    /// <summary>The manifests of the repository that reference a blob (as config or layer) or a manifest (as an index's child).</summary>
    public static string ReferencesOf(Digest digest) => $"refs-of:{digest}";

    /// <summary>What <paramref name="manifest"/> references, each once.</summary>
    public static IEnumerable<Digest> ReferencedBy(ManifestRecord manifest) =>
        manifest.Blobs.Select(blob => blob.Digest).Concat(manifest.Children).Distinct();

    public static EntryChange PutCandidate(string collection, Digest digest, DateTimeOffset since) =>
        EntryChange.Put(collection, digest.ToString(), EntryTimes.Format(since));

    public static EntryChange DeleteCandidate(string collection, Digest digest) => EntryChange.Delete(collection, digest.ToString());

    public static IEnumerable<EntryChange> PutTag(Tag tag, Digest manifest) =>
    [
        EntryChange.Put(Tags, tag.Value, manifest.ToString()),
        EntryChange.Put(TagsOf(manifest), tag.Value, ""),
    ];

    public static IEnumerable<EntryChange> DeleteTag(Tag tag, Digest manifest) =>
    [
        EntryChange.Delete(Tags, tag.Value),
        EntryChange.Delete(TagsOf(manifest), tag.Value),
    ];

    public static IEnumerable<EntryChange> PutManifest(ManifestRecord manifest)
    {
        yield return EntryChange.Put(Manifests, manifest.Digest.ToString(), JsonSerializer.Serialize(manifest));
        if (manifest.Subject is { } subject)
        {
            yield return EntryChange.Put(ReferrersOf(subject), manifest.Digest.ToString(), "");
        }
    }

    public static IEnumerable<EntryChange> DeleteManifest(ManifestRecord manifest)
    {
        yield return EntryChange.Delete(Manifests, manifest.Digest.ToString());
        if (manifest.Subject is { } subject)
        {
            yield return EntryChange.Delete(ReferrersOf(subject), manifest.Digest.ToString());
        }
    }

    /// <summary>
    /// A tag's key in <see cref="ByPush"/>: the milliseconds from its push to the end of time, fixed-width, so that
    /// the newest push sorts first, then the tag.
    /// </summary>
    public static string ByPushKey(Tag tag, DateTimeOffset pushed) =>
        string.Create(CultureInfo.InvariantCulture, $"{LastMillisecond - pushed.ToUnixTimeMilliseconds():D15}/{tag.Value}");

    public static (Tag Tag, DateTimeOffset Pushed) ParseByPushKey(string key)
    {
        var slash = key.IndexOf('/');
        return (Tag.Parse(key[(slash + 1)..]), DateTimeOffset.FromUnixTimeMilliseconds(LastMillisecond - long.Parse(key[..slash], CultureInfo.InvariantCulture)));
    }

    private static readonly long LastMillisecond = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    /// <summary>Records a push of <paramref name="tag"/>, replacing the one before (pushed at <paramref name="previous"/>) in the push order.</summary>
    public static IEnumerable<EntryChange> PutPushTime(Tag tag, DateTimeOffset pushed, DateTimeOffset? previous)
    {
        if (previous is { } before)
        {
            yield return EntryChange.Delete(ByPush, ByPushKey(tag, before));
        }

        yield return EntryChange.Put(Pushed, tag.Value, EntryTimes.Format(pushed));
        yield return EntryChange.Put(ByPush, ByPushKey(tag, pushed), "");
    }

    /// <summary>Forgets when a deleted tag was pushed (at <paramref name="pushed"/>, where known) and pulled.</summary>
    public static IEnumerable<EntryChange> DeleteTagTimes(Tag tag, DateTimeOffset? pushed)
    {
        if (pushed is { } at)
        {
            yield return EntryChange.Delete(ByPush, ByPushKey(tag, at));
        }

        yield return EntryChange.Delete(Pushed, tag.Value);
        yield return EntryChange.Delete(Pulled, tag.Value);
    }

    /// <summary>Forgets when a deleted manifest was pushed and pulled.</summary>
    public static IEnumerable<EntryChange> DeleteManifestTimes(Digest manifest) =>
        [EntryChange.Delete(Pushed, manifest.ToString()), EntryChange.Delete(Pulled, manifest.ToString())];

    public static EntryChange PutBlob(Digest digest, long size) => EntryChange.Put(Blobs, digest.ToString(), size.ToString(CultureInfo.InvariantCulture));

    public static EntryChange DeleteBlob(Digest digest) => EntryChange.Delete(Blobs, digest.ToString());

    public static EntryChange Listed() => EntryChange.Put(Meta, ListedKey, "true");

    public static EntryChange Queued(bool queued) => queued ? EntryChange.Put(Meta, QueuedKey, "true") : EntryChange.Delete(Meta, QueuedKey);

    public static EntryChange ReferencesIndexed() => EntryChange.Put(Meta, ReferencesKey, "true");

    public static EntryChange PushTimesIndexed() => EntryChange.Put(Meta, PushTimesKey, "true");

    public static EntryChange PutUsage(RepositoryUsage usage) => EntryChange.Put(Meta, UsageKey, JsonSerializer.Serialize(usage));

    public static RepositoryUsage? UsageOf(string? json) => json is null ? null : JsonSerializer.Deserialize<RepositoryUsage>(json);

    public static ManifestRecord? ManifestOf(string? json) => json is null ? null : JsonSerializer.Deserialize<ManifestRecord>(json);

    public static long? SizeOf(string? value) => value is null ? null : long.Parse(value, CultureInfo.InvariantCulture);
}
