using Orleans.Storage;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Blobs;
using OrleansRegistry.Grains.Catalog;
using OrleansRegistry.Grains.Persistence;
using OrleansRegistry.Grains.Repositories;
using OrleansRegistry.Grains.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Grains.Tests.Persistence;

/// <summary>
/// Registries from before sharding kept each repository, the catalog and each blob's links whole in one state. After
/// an upgrade that data is served as before, and the first activation moves it into the shards for good.
/// </summary>
public sealed class UnshardedStateMigrationTests : IDisposable
{
    private const string Name = "legacy/app";

    private readonly TemporaryDirectory _directory = new();

    private string GrainStateDirectory => Path.Combine(_directory.Path, "grains");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task StateStoredWholeBeforeSharding_IsServedAndMovedIntoTheShards()
    {
        var layer = TestManifests.NewBlob(123);
        var image = TestManifests.Image(layer);
        var legacy = new FileGrainStorage(GrainStateDirectory);

        await using (var cluster = await RegistryCluster.StartAsync(_directory.Path))
        {
            var repository = cluster.Grains.GetGrain<IRepositoryGrain>(Name);
            var blob = cluster.Grains.GetGrain<IBlobGrain>(layer.Digest);
            var catalog = cluster.Grains.GetGrain<ICatalogGrain>(0);
            await WriteAsync(legacy, "repository", repository.GetGrainId(), new RepositoryState
            {
                Tags = { ["v1"] = image.Digest },
                Manifests = { [image.Digest] = image },
                Blobs = { [layer.Digest] = layer.Size },
                Listed = true,
            });
            await WriteAsync(legacy, "blob", blob.GetGrainId(), new BlobState { Size = layer.Size, Links = { Name } });
            await WriteAsync(legacy, "catalog", catalog.GetGrainId(), new CatalogState { Repositories = { Name, "legacy/other" } });

            await AssertServedAsync(cluster, layer, image);

            var head = await ReadAsync<RepositoryState>(legacy, "repository", repository.GetGrainId());
            Assert.Empty(head.Tags);
            Assert.Empty(head.Manifests);
            Assert.Empty(head.Blobs);
            Assert.True(head.Listed);
            Assert.Empty((await ReadAsync<BlobState>(legacy, "blob", blob.GetGrainId())).Links);
            Assert.Equal(layer.Size, (await ReadAsync<BlobState>(legacy, "blob", blob.GetGrainId())).Size);
            Assert.Empty((await ReadAsync<CatalogState>(legacy, "catalog", catalog.GetGrainId())).Repositories);
        }

        // Served from the shards alone once the heads are empty.
        await using var restarted = await RegistryCluster.StartAsync(_directory.Path);
        await AssertServedAsync(restarted, layer, image);
    }

    private static async Task AssertServedAsync(RegistryCluster cluster, BlobLink layer, ManifestRecord image)
    {
        var repository = cluster.Grains.GetGrain<IRepositoryGrain>(Name);
        Assert.Equal(["v1"], (await repository.ListTagsAsync(null, 10))!.Items);
        Assert.Equal(image.Digest, (await repository.GetManifestAsync("v1")).Digest);
        Assert.Equal(layer.Size, await repository.GetBlobAsync(layer.Digest));
        Assert.Equal([Name], await cluster.Grains.GetGrain<IBlobGrain>(layer.Digest).GetLinksAsync());
        Assert.Equal(layer.Size, await cluster.Grains.GetGrain<IBlobGrain>(layer.Digest).GetSizeAsync());
        Assert.Equal(["legacy/app", "legacy/other"], (await cluster.Grains.GetGrain<ICatalogGrain>(0).ListAsync(null, 10)).Items);
    }

    private static Task WriteAsync<T>(IGrainStorage storage, string stateName, GrainId grainId, T state) =>
        storage.WriteStateAsync(stateName, grainId, new GrainState<T> { State = state });

    private static async Task<T> ReadAsync<T>(IGrainStorage storage, string stateName, GrainId grainId)
    {
        var state = new GrainState<T>();
        await storage.ReadStateAsync(stateName, grainId, state);
        Assert.True(state.RecordExists, $"no {stateName} state for {grainId}");
        return state.State!;
    }
}
