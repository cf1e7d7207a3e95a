using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace OrleansRegistry.Grains.Persistence.Legacy;

/// <summary>
/// Reads and clears a grain's state as versions up to bff37b0 stored it: a head state and sixteen shards
/// (<c>{name}-00</c> to <c>{name}-15</c>) of whole collections, in the registry's grain storage.
/// </summary>
internal sealed class ShardedStates(IGrainContext grain)
{
    private const int ShardCount = 16;

    private readonly IGrainStorage _storage = grain.ActivationServices.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Registry);

    public async Task<GrainState<T>?> ReadAsync<T>(string stateName) where T : new()
    {
        var state = new GrainState<T>();
        await _storage.ReadStateAsync(stateName, grain.GrainId, state);
        return state.RecordExists ? state : null;
    }

    /// <summary>The shards that are stored, each with its state name.</summary>
    public async Task<IReadOnlyList<(string Name, GrainState<T> State)>> ReadShardsAsync<T>(string name) where T : new()
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, ShardCount).Select(async index =>
        {
            var stateName = $"{name}-{index:D2}";
            return (stateName, await ReadAsync<T>(stateName));
        }));
        return shards.Where(shard => shard.Item2 is not null).Select(shard => (shard.stateName, shard.Item2!)).ToList();
    }

    public Task ClearAsync<T>(string stateName, GrainState<T> state) => _storage.ClearStateAsync(stateName, grain.GrainId, state);

    public async Task ClearShardsAsync<T>(IReadOnlyList<(string Name, GrainState<T> State)> shards)
    {
        foreach (var (name, shard) in shards)
        {
            await ClearAsync(name, shard);
        }
    }
}
