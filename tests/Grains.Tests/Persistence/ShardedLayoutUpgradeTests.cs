using Orleans.Storage;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Persistence;
using OrleansRegistry.Grains.Persistence.Legacy;
using OrleansRegistry.Grains.Tests.Infrastructure;
using OrleansRegistry.TestKit;
using OrleansRegistry.TestKit.Fixtures;

namespace OrleansRegistry.Grains.Tests.Persistence;

/// <summary>
/// A registry started on data of the sharded layout (whole collections in sixteen shards per grain) serves it as the
/// old registry did, and moves it into the metadata store once: a move that is interrupted is done again in full.
/// </summary>
public sealed class ShardedLayoutUpgradeTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    private string GrainStateDirectory => Path.Combine(_directory.Path, "grains");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Data_written_by_the_sharded_registry_is_served_as_it_served_it()
    {
        await ShardedLayoutData.ExtractToAsync(_directory.Path);

        await using var cluster = await RegistryCluster.StartAsync(_directory.Path);

        await ShouldServeTheFixtureAsync(cluster);
        Assert.Equal(
            Names(ShardedLayoutData.Tags.Keys),
            (await cluster.Grains.Catalog().ListAsync(null, 100)).Values());
        var mountedLayer = (await cluster.Grains.Repository(RepositoryName.Parse("legacy/app")).GetManifestAsync("v1")).Blobs[^1];
        Assert.Equal(["legacy/app", "legacy/other"], (await cluster.Grains.Blob(mountedLayer.Digest).GetLinksAsync()).Select(name => name.Value));
        Assert.Equal(mountedLayer.Size, await cluster.Grains.Blob(mountedLayer.Digest).GetSizeAsync());
    }

    [Fact]
    public async Task Once_moved_the_old_states_are_gone_and_a_restart_serves_the_same()
    {
        await ShardedLayoutData.ExtractToAsync(_directory.Path);
        await using (var first = await RegistryCluster.StartAsync(_directory.Path))
        {
            await ShouldServeTheFixtureAsync(first);
            await first.Grains.Catalog().ListAsync(null, 1);
        }

        var leftovers = Directory.EnumerateFiles(GrainStateDirectory, "*.json", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}upload{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(GrainStateDirectory, path))
            .Where(path => ShardedLayoutData.Tags.Keys.Any(repository => path.Contains(Uri.EscapeDataString(repository), StringComparison.Ordinal)) || path.StartsWith("catalog", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(leftovers);

        await using var second = await RegistryCluster.StartAsync(_directory.Path);
        await ShouldServeTheFixtureAsync(second);
    }

    [Fact]
    public async Task A_move_interrupted_between_batches_is_done_again_in_full()
    {
        // More entries than one batch holds, so the move takes several writes; the second one fails.
        var name = RepositoryName.Parse("legacy/big");
        var tags = await WriteShardedRepositoryAsync(name, tagCount: 700);

        await using (var crashing = await RegistryCluster.StartAsync(_directory.Path, store => new FailingEntryStore(store, writesThatSucceed: 2)))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => crashing.Grains.Repository(name).ListTagsAsync(null, 10));
        }

        await using var restarted = await RegistryCluster.StartAsync(_directory.Path);
        var repository = restarted.Grains.Repository(name);
        var listed = await repository.ListTagsAsync(null, 1000);
        Assert.Equal(tags.Keys.Order(Metadata.ListingOrder.Comparer), listed.Values());
        foreach (var (tag, digest) in tags.Take(50))
        {
            Assert.Equal(digest, (await repository.GetManifestAsync(tag)).Digest);
        }
    }

    private static IReadOnlyList<string> Names(IEnumerable<string> repositories) => repositories.Order(StringComparer.Ordinal).ToList();

    private static async Task ShouldServeTheFixtureAsync(RegistryCluster cluster)
    {
        foreach (var (name, tags) in ShardedLayoutData.Tags)
        {
            var repository = cluster.Grains.Repository(RepositoryName.Parse(name));
            Assert.Equal(tags.Keys.Order(Metadata.ListingOrder.Comparer), (await repository.ListTagsAsync(null, 100)).Values());
            foreach (var (tag, digest) in tags)
            {
                var manifest = await repository.GetManifestAsync(tag);
                Assert.Equal(digest, manifest.Digest.ToString());
                foreach (var blob in manifest.Blobs)
                {
                    Assert.Equal(blob.Size, await repository.GetBlobAsync(blob.Digest));
                }
            }
        }

        foreach (var (name, subjects) in ShardedLayoutData.Referrers)
        {
            foreach (var (subject, referrers) in subjects)
            {
                var found = await cluster.Grains.Repository(RepositoryName.Parse(name)).GetReferrersAsync(Digest.Parse(subject), null);
                Assert.Equal(referrers.Order(), found.Select(manifest => manifest.Digest.ToString()).Order());
            }
        }
    }

    /// <summary>Writes a repository as the sharded registry stored it: its head and its tags and manifests in shards.</summary>
    private async Task<Dictionary<string, Digest>> WriteShardedRepositoryAsync(RepositoryName name, int tagCount)
    {
        var storage = new FileGrainStorage(GrainStateDirectory);
        var grainId = GrainId.Create("repository", name.Value);
        var shards = Enumerable.Range(0, 16).Select(_ => new LegacyRepositoryShard()).ToArray();
        var tags = new Dictionary<string, Digest>();
        for (var i = 0; i < tagCount; i++)
        {
            var manifest = TestManifests.Image();
            var tag = $"build-{i:D4}";
            tags[tag] = manifest.Digest;
            shards[i % 16].Manifests[manifest.Digest.ToString()] = manifest;
            shards[(i + 7) % 16].Tags[tag] = manifest.Digest.ToString();
        }

        for (var index = 0; index < shards.Length; index++)
        {
            await storage.WriteStateAsync($"repository-{index:D2}", grainId, new GrainState<LegacyRepositoryShard> { State = shards[index] });
        }

        await storage.WriteStateAsync("repository", grainId, new GrainState<LegacyRepositoryHead> { State = new LegacyRepositoryHead { Listed = true } });
        return tags;
    }
}
