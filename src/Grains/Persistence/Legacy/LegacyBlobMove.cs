using OrleansRegistry.Grains.Blobs;
using OrleansRegistry.Metadata;

namespace OrleansRegistry.Grains.Persistence.Legacy;

/// <summary>A blob stored in the sharded layout (a head with its size, shards of linking repositories), moved in.</summary>
internal static class LegacyBlobMove
{
    public static async Task<bool> MoveAsync(GrainEntries entries, IGrainContext grain)
    {
        var states = new ShardedStates(grain);
        if (await states.ReadAsync<LegacyBlobHead>("blob") is not { } head)
        {
            return false;
        }

        var shards = await states.ReadShardsAsync<LegacyNameShard>("blob-links");
        var changes = new List<EntryChange>();
        if (head.State!.Size is { } size)
        {
            changes.Add(BlobEntries.PutSize(size));
        }

        changes.AddRange(shards.SelectMany(shard => shard.State.State!.Repositories).Select(BlobEntries.PutLink));
        await LegacyMove.WriteAsync(entries, changes);
        foreach (var (name, shard) in shards)
        {
            await states.ClearAsync(name, shard);
        }

        await states.ClearAsync("blob", head);
        return true;
    }
}
