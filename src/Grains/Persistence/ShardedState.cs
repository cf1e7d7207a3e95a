using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace OrleansRegistry.Grains.Persistence;

/// <summary>
/// A grain's collections split over <see cref="Count"/> separately stored shards, each holding the entries whose key
/// hashes to it. Orleans' <see cref="IPersistentState{TState}"/> writes a state whole, so a repository with 10,000
/// tags (or a catalog with 10,000 repositories) would rewrite all of them on every change; here a change writes the
/// one shard its key lives in, a sixteenth of the whole.
/// </summary>
/// <remarks>
/// The shards go straight to the grain's <see cref="IGrainStorage"/>, the one the grain's other state uses, under
/// the state names <c>{name}-00</c> to <c>{name}-15</c>. The grain is their only writer, so each shard's ETag is
/// enough to refuse a write from a stale activation.
/// </remarks>
internal sealed class ShardedState<TShard> where TShard : new()
{
    public const int Count = 16;

    private readonly IGrainStorage _storage;
    private readonly string _name;
    private readonly GrainId _grainId;

    /// <summary>Only shards that are stored or have been used: most repositories touch a few of the sixteen.</summary>
    private readonly GrainState<TShard>?[] _shards = new GrainState<TShard>?[Count];

    public ShardedState(IGrainStorage storage, string name, GrainId grainId)
    {
        _storage = storage;
        _name = name;
        _grainId = grainId;
    }

    /// <summary>The shards of a grain of this registry, in the grain storage all its grains use.</summary>
    public static ShardedState<TShard> Of(IGrainContext grain, string name) =>
        new(grain.ActivationServices.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Registry), name, grain.GrainId);

    public IEnumerable<TShard> All => _shards.OfType<GrainState<TShard>>().Select(shard => shard.State!);

    /// <summary>The shard that holds <paramref name="key"/>, stored or not.</summary>
    public TShard this[string key] => Shard(IndexOf(key)).State!;

    /// <summary>Reads every shard, all at once; a shard never written reads as empty.</summary>
    public Task ReadAsync() => Task.WhenAll(Enumerable.Range(0, Count).Select(async index =>
    {
        var shard = new GrainState<TShard>();
        await _storage.ReadStateAsync(StateName(index), _grainId, shard);
        if (shard.RecordExists)
        {
            shard.State ??= new TShard();
            _shards[index] = shard;
        }
    }));

    /// <summary>Writes the shards holding <paramref name="keys"/>, each once, in the order of the keys.</summary>
    public async Task WriteAsync(params string[] keys)
    {
        foreach (var index in keys.Select(IndexOf).Distinct())
        {
            await _storage.WriteStateAsync(StateName(index), _grainId, Shard(index));
        }
    }

    /// <summary>
    /// A stable hash: the shard of a key is where it is stored, so it must be the same in every process and every
    /// version, which <see cref="string.GetHashCode()"/> (randomized per process) is not. FNV-1a over the UTF-16
    /// code units: a handful of lines, well spread for names and digests.
    /// </summary>
    private static int IndexOf(string key)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % Count);
    }

    private GrainState<TShard> Shard(int index) => _shards[index] ??= new GrainState<TShard> { State = new TShard() };

    private string StateName(int index) => $"{_name}-{index:D2}";
}
