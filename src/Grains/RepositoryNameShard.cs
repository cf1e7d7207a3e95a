using OrleansRegistry.Grains.Persistence;

namespace OrleansRegistry.Grains;

/// <summary>One shard of a set of repository names: the catalog's, or the repositories linking a blob.</summary>
[GenerateSerializer, Alias("RepositoryNameShard")]
public sealed class RepositoryNameShard
{
    [Id(0)]
    public HashSet<string> Repositories { get; set; } = new(StringComparer.Ordinal);
}

internal static class RepositoryNameShards
{
    /// <summary>
    /// Adds names a head state kept whole (the layout before sharding) to their shards and writes those shards.
    /// The caller empties its head only afterwards, so a crash in between only repeats the move.
    /// </summary>
    public static Task AddAllAsync(this ShardedState<RepositoryNameShard> shards, IReadOnlyCollection<string> names)
    {
        foreach (var name in names)
        {
            shards[name].Repositories.Add(name);
        }

        return shards.WriteAsync([.. names]);
    }
}
