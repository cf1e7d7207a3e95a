using OrleansRegistry.Metadata;
using OrleansRegistry.Metadata.Sqlite;

namespace OrleansRegistry.Grains.Tests.Infrastructure;

/// <summary>The cluster's metadata store read and written from beside the silo: data as an earlier version left it, or as a grain wrote it down.</summary>
internal static class StoredEntries
{
    /// <summary>Writes entries straight to the store, in one batch, under a fence of their own.</summary>
    public static async Task WriteEntriesAsync(this RegistryCluster cluster, EntryOwner owner, IReadOnlyList<EntryChange> changes)
    {
        using var store = Open(cluster);
        await store.WriteAsync(await store.OpenAsync(owner, CancellationToken.None), changes, CancellationToken.None);
    }

    public static async Task<string?> ReadEntryAsync(this RegistryCluster cluster, EntryOwner owner, string collection, string key)
    {
        using var store = Open(cluster);
        return await store.GetAsync(owner, collection, key, CancellationToken.None);
    }

    private static SqliteEntryStore Open(RegistryCluster cluster) => new(Path.Combine(cluster.DataDirectory, "grains", "metadata.db"));
}
