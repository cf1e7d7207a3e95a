using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Metadata;

namespace OrleansRegistry.Grains.Persistence;

/// <summary>The owners of entries in the metadata store, one per grain.</summary>
internal static class EntryOwners
{
    public static EntryOwner Repository(RepositoryName name) => new("repository", name.Value);

    public static EntryOwner Blob(Digest digest) => new("blob", digest.ToString());

    public static EntryOwner Catalog { get; } = new("catalog", "0");

    public static EntryOwner CollectionQueue { get; } = new("collection-queue", "0");

    public static EntryOwner Collector { get; } = new("collector", "0");

    public static EntryOwner Importer { get; } = new("importer", "0");
}
