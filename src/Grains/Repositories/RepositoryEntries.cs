using System.Globalization;
using System.Text.Json;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Metadata;

namespace OrleansRegistry.Grains.Repositories;

/// <summary>
/// How a repository is stored, one entry per fact: its tags, manifests and linked blobs, and the indexes that keep
/// every read and delete to the entries it concerns (the tags of a manifest, the referrers of a subject).
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

    /// <summary>The tags pointing at a manifest, so that deleting it touches only them.</summary>
    public static string TagsOf(Digest manifest) => $"tags-of:{manifest}";

    /// <summary>The manifests whose subject is a digest, for the referrers API.</summary>
    public static string ReferrersOf(Digest subject) => $"referrers:{subject}";

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

    public static ManifestRecord? ManifestOf(string? json) => json is null ? null : JsonSerializer.Deserialize<ManifestRecord>(json);

    public static long? SizeOf(string? value) => value is null ? null : long.Parse(value, CultureInfo.InvariantCulture);
}
