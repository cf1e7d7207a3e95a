using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Grains.Tests.Hosting;

/// <summary>
/// The embedded registry keeps everything on disk: stop the whole cluster, start a new one on the same data
/// directory, and every repository, tag, manifest, referrer, blob link and unfinished upload is still there.
/// </summary>
public sealed class ClusterRestartTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task State_written_before_a_full_restart_is_there_after_it()
    {
        var name = RepositoryName.Parse("restart/app");
        var layerContent = TestContent.RandomBytes(4096);
        var partialContent = TestContent.RandomBytes(3000);
        BlobLink layer;
        ManifestRecord image;
        ManifestRecord signature;
        UploadId uploadId;

        await using (var before = await RegistryCluster.StartAsync(_directory.Path))
        {
            var writer = new UploadWriter(before.Grains, before.Store);
            var repository = before.Grains.Repository(name);
            layer = await writer.PushBlobAsync(name, layerContent);
            image = TestManifests.Image(layer);
            signature = TestManifests.Referrer(image.Digest, TestManifests.SignatureType);
            await repository.PutManifestAsync(image, "v1");
            await repository.PutManifestAsync(signature, []);

            // An upload left half done: the first chunk accepted, the rest still to come.
            uploadId = await writer.StartAsync(name);
            await writer.WriteChunkAsync(uploadId, name, partialContent[..1000]);
        }

        await using var after = await RegistryCluster.StartAsync(_directory.Path);
        var restored = after.Grains.Repository(name);

        Assert.Equal(["v1"], (await restored.ListTagsAsync(null, 10))!.Values());
        var manifest = await restored.GetManifestAsync("v1");
        Assert.Equal(image.Digest, manifest.Digest);
        Assert.Equal([layer], manifest.Blobs);
        Assert.Equal(layerContent.Length, await restored.GetBlobAsync(layer.Digest));
        Assert.Equal(layerContent.Length, await after.Grains.Blob(layer.Digest).GetSizeAsync());
        Assert.Equal([name], await after.Grains.Blob(layer.Digest).GetLinksAsync());
        Assert.Equal([name], (await after.Grains.Catalog().ListAsync(null, 10)).Items);
        // The referrers index is rebuilt from the stored manifests when the repository activates.
        var referrer = Assert.Single(await restored.GetReferrersAsync(image.Digest, TestManifests.SignatureType));
        Assert.Equal(signature.Digest, referrer.Digest);
        Assert.Equal(signature.Annotations, referrer.Annotations);

        // The unfinished upload goes on where it stopped, hash state included.
        var writerAfter = new UploadWriter(after.Grains, after.Store);
        Assert.Equal(1000, (await writerAfter.Session(uploadId).GetStatusAsync(name)).Offset);
        await writerAfter.WriteChunkAsync(uploadId, name, partialContent[1000..], expectedOffset: 1000);
        var completed = await writerAfter.CompleteAsync(uploadId, name, Digest.ComputeSha256(partialContent));
        Assert.Equal(partialContent.Length, completed.Size);
    }

    [Fact]
    public async Task Tags_deleted_before_a_restart_stay_deleted_after_it()
    {
        var name = RepositoryName.Parse("restart/deleted");
        var kept = TestManifests.Image();
        var deleted = TestManifests.Image();

        await using (var before = await RegistryCluster.StartAsync(_directory.Path))
        {
            var repository = before.Grains.Repository(name);
            await repository.PutManifestAsync(kept, "kept");
            await repository.PutManifestAsync(deleted, "deleted");
            await repository.DeleteManifestAsync(deleted.Digest);
        }

        await using var after = await RegistryCluster.StartAsync(_directory.Path);
        var restored = after.Grains.Repository(name);

        Assert.Equal(["kept"], (await restored.ListTagsAsync(null, 10))!.Values());
        await GrainAssert.RefusedAsync(Core.Errors.RegistryErrorCode.ManifestUnknown, () => restored.GetManifestAsync(deleted.Digest));
    }
}
