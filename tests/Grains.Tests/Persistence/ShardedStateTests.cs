using System.Text.Json;
using Orleans.Storage;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Persistence;

namespace OrleansRegistry.Grains.Tests.Persistence;

/// <summary>
/// Sharded state: a change writes the one shard its key lives in, not the whole state, and where a key lives never
/// changes between processes or versions (stored data would otherwise be lost or duplicated).
/// </summary>
public sealed class ShardedStateTests
{
    private static readonly GrainId Grain = GrainId.Create("catalog", "0");

    [Fact]
    public async Task AChangeWritesOnlyTheShardOfItsKey()
    {
        var storage = new RecordingStorage();
        var state = new ShardedState<RepositoryNameShard>(storage, "names", Grain);
        await state.ReadAsync();
        for (var i = 0; i < 1000; i++)
        {
            state[$"repo-{i}"].Repositories.Add($"repo-{i}");
        }

        await state.WriteAsync("repo-7");

        var write = Assert.Single(storage.Writes);
        var written = JsonSerializer.Deserialize<RepositoryNameShard>(write.Json)!;
        Assert.Contains("repo-7", written.Repositories);
        // About a sixteenth of the thousand names, never the whole set.
        Assert.InRange(written.Repositories.Count, 1, 1000 / ShardedState<RepositoryNameShard>.Count * 2);
    }

    [Fact]
    public async Task KeysOfOneChangeAreWrittenInTheirOrderEachShardOnce()
    {
        var storage = new RecordingStorage();
        var state = new ShardedState<RepositoryNameShard>(storage, "names", Grain);

        await state.WriteAsync("b", "a", "b", "a");

        Assert.Equal([await StateNameOfAsync("b"), await StateNameOfAsync("a")], storage.Writes.Select(w => w.StateName).Distinct());
        Assert.Equal(storage.Writes.Count, storage.Writes.Select(w => w.StateName).Distinct().Count());
    }

    [Theory]
    // Pinned (FNV-1a 32-bit of the UTF-16 code units, mod 16, computed outside .NET): where data stored under
    // these keys lives. A change of hash would strand it.
    [InlineData("latest", "names-06")]
    [InlineData("library/ubuntu", "names-10")]
    [InlineData("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "names-03")]
    public async Task AKeyLivesInTheSameShardInEveryProcessAndVersion(string key, string expectedStateName) =>
        Assert.Equal(expectedStateName, await StateNameOfAsync(key));

    [Fact]
    public async Task EntriesWrittenAreReadBackByANewInstance()
    {
        var storage = new RecordingStorage();
        var first = new ShardedState<RepositoryNameShard>(storage, "names", Grain);
        var names = Enumerable.Range(0, 100).Select(i => $"team/app-{i}").ToList();
        foreach (var name in names)
        {
            first[name].Repositories.Add(name);
        }

        await first.WriteAsync([.. names]);
        var second = new ShardedState<RepositoryNameShard>(storage, "names", Grain);
        await second.ReadAsync();

        Assert.Equal(names.Order(), second.All.SelectMany(shard => shard.Repositories).Order());
        Assert.All(names, name => Assert.Contains(name, second[name].Repositories));
    }

    /// <summary>The state name of the one shard a write of <paramref name="key"/> alone goes to.</summary>
    private static async Task<string> StateNameOfAsync(string key)
    {
        var storage = new RecordingStorage();
        await new ShardedState<RepositoryNameShard>(storage, "names", Grain).WriteAsync(key);
        return Assert.Single(storage.Writes).StateName;
    }

    /// <summary>Keeps each state as JSON, as the real storages do, and records every write.</summary>
    private sealed class RecordingStorage : IGrainStorage
    {
        private readonly Dictionary<string, string> _stored = new();

        public List<(string StateName, string Json)> Writes { get; } = [];

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            grainState.RecordExists = _stored.TryGetValue(stateName, out var json);
            if (json is not null)
            {
                grainState.State = JsonSerializer.Deserialize<T>(json)!;
            }

            return Task.CompletedTask;
        }

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            var json = JsonSerializer.Serialize(grainState.State);
            _stored[stateName] = json;
            Writes.Add((stateName, json));
            return Task.CompletedTask;
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => throw new NotSupportedException();
    }
}
