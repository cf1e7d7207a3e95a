using OrleansRegistry.Metadata;

namespace OrleansRegistry.Grains.Catalog;

/// <summary>How the catalog is stored: an entry per repository name.</summary>
internal static class CatalogEntries
{
    public const string Repositories = "repositories";

    public static EntryChange PutRepository(string name) => EntryChange.Put(Repositories, name, "");
}
