using OrleansRegistry.Grains.Blobs;
using OrleansRegistry.Metadata;

namespace OrleansRegistry.Grains.Persistence.Legacy;

/// <summary>A blob stored in the sharded layout (a head with its size, shards of linking repositories), moved in.</summary>
internal static class LegacyBlobMove
{
    public static async Task MoveAsync(GrainEntries entries, IGrainContext grain)
    {
        var states = new ShardedStates(grain);
        if (await states.ReadAsync<LegacyBlobHead>("blob") is not { } head)
        {
            return;
        }

        var shards = await states.ReadShardsAsync<LegacyNameShard>("blob-links");
        var changes = new List<EntryChange>();
        if (head.State!.Size is { } size)
        {
            changes.Add(BlobEntries.PutSize(size));
        }

        changes.AddRange(shards.SelectMany(shard => shard.State.State!.Repositories).Select(repository => BlobEntries.PutLink(BlobEntries.Links, repository)));
        await LegacyMove.WriteAsync(entries, changes);
        await states.ClearShardsAsync(shards);

        await states.ClearAsync("blob", head);
    }
}
