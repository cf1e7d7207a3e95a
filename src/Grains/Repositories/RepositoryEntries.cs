using System.Globalization;
using System.Text.Json;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Persistence;
using OrleansRegistry.Metadata;

namespace OrleansRegistry.Grains.Repositories;

/// <summary>
/// How a repository is stored, one entry per fact: its tags, manifests and linked blobs, the indexes that keep
/// every read and delete to the entries it concerns (the tags of a manifest, the referrers of a subject, the
/// manifests referencing a blob or a manifest), and the garbage collector's candidates, each with the time it
/// became one.
/// </summary>
internal static class RepositoryEntries
{
    /// <summary>Tag to the digest of its manifest.</summary>
    public const string Tags = "tags";

    /// <summary>Manifest digest to what the repository knows of it, as JSON.</summary>
    public const string Manifests = "manifests";

    /// <summary>Linked blob digest to its size.</summary>
    public const string Blobs = "blobs";

    /// <summary>Whether the catalog lists the repository: written with its first change.</summary>
    public const string Meta = "meta";

    public const string ListedKey = "listed";

    /// <summary>Whether the collector's queue holds the repository: set when its first candidate comes.</summary>
    public const string QueuedKey = "queued";

    /// <summary>Whether the <see cref="ReferencesOf"/> indexes cover every manifest: written once they do.</summary>
    public const string ReferencesKey = "references";

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

    public static EntryChange PutBlob(Digest digest, long size) => EntryChange.Put(Blobs, digest.ToString(), size.ToString(CultureInfo.InvariantCulture));

    public static EntryChange DeleteBlob(Digest digest) => EntryChange.Delete(Blobs, digest.ToString());

    public static EntryChange Listed() => EntryChange.Put(Meta, ListedKey, "true");

    public static EntryChange Queued(bool queued) => queued ? EntryChange.Put(Meta, QueuedKey, "true") : EntryChange.Delete(Meta, QueuedKey);

    public static EntryChange ReferencesIndexed() => EntryChange.Put(Meta, ReferencesKey, "true");

    public static ManifestRecord? ManifestOf(string? json) => json is null ? null : JsonSerializer.Deserialize<ManifestRecord>(json);

    public static long? SizeOf(string? value) => value is null ? null : long.Parse(value, CultureInfo.InvariantCulture);
}
