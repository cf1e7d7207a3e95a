using OrleansRegistry.Grains.Catalog;
using OrleansRegistry.Metadata;

namespace OrleansRegistry.Grains.Persistence.Legacy;

/// <summary>The catalog stored in the sharded layout (shards only, no head), moved into its entries.</summary>
internal static class LegacyCatalogMove
{
    public static async Task MoveAsync(GrainEntries entries, IGrainContext grain)
    {
        var states = new ShardedStates(grain);
        var shards = await states.ReadShardsAsync<LegacyNameShard>("catalog");
        if (shards.Count == 0)
        {
            return;
        }

        var changes = shards.SelectMany(shard => shard.State.State!.Repositories).Select(CatalogEntries.PutRepository).ToList();
        await LegacyMove.WriteAsync(entries, changes);
        await states.ClearShardsAsync(shards);
    }
}
