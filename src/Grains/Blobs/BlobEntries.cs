using System.Globalization;
using OrleansRegistry.Metadata;

namespace OrleansRegistry.Grains.Blobs;

/// <summary>How a blob is stored: its size, and an entry per repository linking it.</summary>
internal static class BlobEntries
{
    public const string Head = "head";
    public const string SizeKey = "size";
    public const string Links = "links";

    public static EntryChange PutSize(long size) => EntryChange.Put(Head, SizeKey, size.ToString(CultureInfo.InvariantCulture));

    public static EntryChange PutLink(string repository) => EntryChange.Put(Links, repository, "");

    public static EntryChange DeleteLink(string repository) => EntryChange.Delete(Links, repository);

    public static long? SizeOf(string? value) => value is null ? null : long.Parse(value, CultureInfo.InvariantCulture);
}
