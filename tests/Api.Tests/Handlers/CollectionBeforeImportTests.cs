using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary>
/// A registry started on Distribution's storage tree knows none of its blobs until an import: the garbage collector's
/// storage scan must not take them for garbage meanwhile, and after the import it keeps everything imported.
/// </summary>
public sealed class CollectionBeforeImportTests : IDisposable
{
    private static readonly TimeSpan CommitLease = TimeSpan.FromSeconds(1);

    private readonly TemporaryDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Full_collections_before_and_after_the_import_with_no_grace_period_keep_every_image_of_the_tree()
    {
        var tree = new DistributionTreeWriter(Path.Combine(_data.Path, "storage"));
        var image = tree.Image("team/app");
        tree.Tag("team/app", "v1", image.Manifest.Digest);
        var untagged = tree.Image("team/app");
        await using var registry = await RunningRegistry.StartAsync(
            _data.Path,
            "--Registry:Collection:GracePeriod=00:00:00",
            "--Registry:Collection:ExistenceLease=00:00:00",
            $"--Registry:Collection:CommitLease={CommitLease}");

        // Two runs: bytes no grain knows of would be adopted by the first and deleted by the second.
        await CollectFullyTwiceAsync(registry.Client);
        var report = await registry.Client.RunToEndAsync("/_registry/import");
        await CollectFullyTwiceAsync(registry.Client);

        Assert.Equal(0, report.GetProperty("skipped").GetInt64());
        foreach (var (reference, content) in new[] { ("v1", image.ManifestContent), (untagged.Manifest.Digest, untagged.ManifestContent) })
        {
            using var manifest = await registry.Client.GetAsync($"/v2/team/app/manifests/{reference}", ("Accept", MediaTypeNames.OciManifest));
            Assert.Equal(HttpStatusCode.OK, manifest.StatusCode);
            Assert.Equal(content, await manifest.Content.ReadAsByteArrayAsync());
        }

        using var layer = await registry.Client.GetAsync($"/v2/team/app/blobs/{image.Layer.Digest}");
        Assert.Equal(image.LayerContent, await layer.Content.ReadAsByteArrayAsync());
    }

    private static async Task CollectFullyTwiceAsync(RegistryClient client)
    {
        for (var run = 0; run < 2; run++)
        {
            await Task.Delay(CommitLease + TimeSpan.FromMilliseconds(500));
            await client.RunToEndAsync("/_registry/gc", "?full=true");
        }
    }
}
