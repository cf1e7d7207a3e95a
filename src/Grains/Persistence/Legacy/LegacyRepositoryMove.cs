using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Repositories;
using OrleansRegistry.Metadata;

namespace OrleansRegistry.Grains.Persistence.Legacy;

/// <summary>A repository stored in the sharded layout, moved into its entries.</summary>
internal static class LegacyRepositoryMove
{
    public static async Task MoveAsync(GrainEntries entries, IGrainContext grain)
    {
        var states = new ShardedStates(grain);
        // Every repository of the old layout has its head: it was written with the repository's first change.
        if (await states.ReadAsync<LegacyRepositoryHead>("repository") is not { } head)
        {
            return;
        }

        var shards = await states.ReadShardsAsync<LegacyRepositoryShard>("repository");
        var changes = new List<EntryChange>();
        foreach (var (_, shard) in shards)
        {
            changes.AddRange(shard.State!.Manifests.Values.SelectMany(RepositoryEntries.PutManifest));
            changes.AddRange(shard.State!.Tags.SelectMany(tag => RepositoryEntries.PutTag(Tag.Parse(tag.Key), Digest.Parse(tag.Value))));
            changes.AddRange(shard.State!.Blobs.Select(blob => RepositoryEntries.PutBlob(Digest.Parse(blob.Key), blob.Value)));
        }

        if (head.State!.Listed)
        {
            changes.Add(RepositoryEntries.Listed());
        }

        await LegacyMove.WriteAsync(entries, changes);
        await states.ClearShardsAsync(shards);

        await states.ClearAsync("repository", head);
    }
}
