using System.Globalization;
using OrleansRegistry.Grains.Persistence;
using OrleansRegistry.Metadata;

namespace OrleansRegistry.Grains.Blobs;

/// <summary>
/// How a blob is stored: its size, an entry per repository linking it as a blob and per repository holding it as a
/// manifest, and since when nothing links it.
/// </summary>
internal static class BlobEntries
{
    public const string Head = "head";
    public const string SizeKey = "size";
    public const string UnlinkedKey = "unlinked";
    public const string Links = "links";
    public const string ManifestLinks = "manifest-links";

    public static EntryChange PutSize(long size) => EntryChange.Put(Head, SizeKey, size.ToString(CultureInfo.InvariantCulture));

    public static EntryChange DeleteSize() => EntryChange.Delete(Head, SizeKey);

    public static EntryChange PutUnlinked(DateTimeOffset since) => EntryChange.Put(Head, UnlinkedKey, EntryTimes.Format(since));

    public static EntryChange DeleteUnlinked() => EntryChange.Delete(Head, UnlinkedKey);

    public static EntryChange PutLink(string collection, string repository) => EntryChange.Put(collection, repository, "");

    public static EntryChange DeleteLink(string collection, string repository) => EntryChange.Delete(collection, repository);

    public static long? SizeOf(string? value) => value is null ? null : long.Parse(value, CultureInfo.InvariantCulture);
}
