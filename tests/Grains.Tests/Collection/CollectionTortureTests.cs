using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Grains.Tests.Collection;

/// <summary>
/// Clients push and re-push images that share layers, and delete tags and manifests, while the collector runs
/// without pause and with no grace period: afterwards every tag resolves to a manifest whose blobs are linked and
/// whole in storage, and once the collector has caught up, storage holds nothing that no manifest references.
/// Pushes go as the gateway makes them: the commit announced to the blob, the bytes stored, the blob linked, the
/// manifest put (a push whose layer was collected in between is refused and pushed again, as a client would).
/// </summary>
[Collection(CollectingClusterCollection.Name)]
public sealed class CollectionTortureTests(CollectingClusterFixture fixture)
{
    /// <summary>Ten clients in each of ten rounds, as issue 11 asks of a CI-sized run; the benchmark runs larger ones.</summary>
    private const int Clients = 10;
    private const int PushesPerClient = 24;
    private const int Layers = 16;
    private const int TagsPerRepository = 3;

    private readonly RegistryCluster _cluster = fixture.Cluster;
    private readonly IGrainFactory _grains = fixture.Cluster.Grains;
    private readonly byte[][] _layers = Enumerable.Range(0, Layers).Select(_ => TestContent.RandomBytes(700)).ToArray();
    private readonly RepositoryName[] _repositories = [Names.Repository("torture-a"), Names.Repository("torture-b")];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    public async Task Pushes_and_deletions_racing_the_collector_leave_every_tag_whole_and_no_garbage(int round)
    {
        using var stop = new CancellationTokenSource();
        var collector = CollectWithoutPauseAsync(stop.Token);
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => ClientAsync(new Random(round * 100 + client))));
        await stop.CancelAsync();
        var runs = await collector;

        Assert.True(runs > 1, $"the collector ran {runs} times while clients pushed");
        var referenced = await CheckEveryTagIsWholeAsync();

        // Catching up: commit leases lapse, and what no manifest references goes.
        await _grains.RunToEndAsync();
        await _grains.RunToEndAsync();
        foreach (var layer in _layers.Select(content => Digest.ComputeSha256(content)))
        {
            Assert.Equal(referenced.Contains(layer), await _cluster.IsStoredAsync(layer));
        }
    }

    private async Task ClientAsync(Random random)
    {
        for (var i = 0; i < PushesPerClient; i++)
        {
            var repository = _grains.Repository(_repositories[random.Next(_repositories.Length)]);
            var tag = $"t{random.Next(TagsPerRepository)}";
            switch (random.Next(4))
            {
                case 0 when await FindAsync(repository, tag) is { } manifest:
                    await IgnoreUnknownAsync(() => repository.DeleteManifestAsync(manifest.Digest));
                    break;
                case 1:
                    await IgnoreUnknownAsync(() => repository.DeleteTagAsync(tag));
                    break;
                default:
                    await PushAsync(repository, tag, random);
                    break;
            }
        }
    }

    private async Task PushAsync(IRepositoryGrain repository, string tag, Random random)
    {
        var layers = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => _layers[random.Next(Layers)]).Distinct().ToList();
        while (true)
        {
            var blobs = new List<BlobLink>();
            foreach (var content in layers)
            {
                var digest = Digest.ComputeSha256(content);
                if (await repository.GetBlobAsync(digest) is null)
                {
                    await _grains.Blob(digest).PrepareCommitAsync();
                    await _cluster.Store.PutBlobAsync(digest, content, CancellationToken.None);
                    // A commit to S3 and the trip to the repository take a while: the collector gets its chance.
                    await Task.Delay(random.Next(30));
                    await repository.LinkBlobAsync(digest, content.Length);
                }

                blobs.Add(new BlobLink(digest, content.Length));
            }

            try
            {
                await repository.PutManifestAsync(TestManifests.Image([.. blobs]), tag);
                return;
            }
            catch (RegistryGrainException e) when (e.Error == RegistryErrorCode.ManifestBlobUnknown)
            {
                // The collector unlinked a layer between the client's check and its manifest (no existence lease
                // here): the client pushes again.
            }
        }
    }

    private async Task<int> CollectWithoutPauseAsync(CancellationToken stop)
    {
        var runs = 0;
        while (!stop.IsCancellationRequested)
        {
            await _grains.RunToEndAsync(full: runs % 3 == 2, afterCommitLeases: false);
            runs++;
        }

        return runs;
    }

    /// <returns>The layers the remaining manifests reference.</returns>
    private async Task<HashSet<Digest>> CheckEveryTagIsWholeAsync()
    {
        var referenced = new HashSet<Digest>();
        foreach (var name in _repositories)
        {
            var repository = _grains.Repository(name);
            foreach (var tag in (await repository.ListTagsAsync(null, 100))?.Items ?? [])
            {
                var manifest = await repository.GetManifestAsync(ManifestReference.ForTag(tag));
                foreach (var blob in manifest.Blobs)
                {
                    Assert.Equal(blob.Size, await repository.GetBlobAsync(blob.Digest));
                    Assert.Equal(blob.Size, await _cluster.Store.GetBlobSizeAsync(blob.Digest, CancellationToken.None));
                    referenced.Add(blob.Digest);
                }
            }
        }

        return referenced;
    }

    private static async Task<ManifestRecord?> FindAsync(IRepositoryGrain repository, string tag)
    {
        try
        {
            return await repository.GetManifestAsync(tag);
        }
        catch (RegistryGrainException e) when (e.Error == RegistryErrorCode.ManifestUnknown)
        {
            return null;
        }
    }

    private static async Task IgnoreUnknownAsync(Func<Task> delete)
    {
        try
        {
            await delete();
        }
        catch (RegistryGrainException e) when (e.Error == RegistryErrorCode.ManifestUnknown)
        {
            // Another client deleted it first.
        }
    }
}
