using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Tests.Infrastructure;

namespace OrleansRegistry.Grains.Tests.Collection;

/// <summary>
/// A blob goes from storage once no repository links it, and only inside a turn of its own grain: a mount or a
/// commit that comes meanwhile finds it whole or gone, never half gone. Runs on a collector with no grace period.
/// </summary>
[Collection(CollectingClusterCollection.Name)]
public sealed class BlobCollectionTests(CollectingClusterFixture fixture)
{
    private readonly RegistryCluster _cluster = fixture.Cluster;
    private readonly IGrainFactory _grains = fixture.Cluster.Grains;

    [Fact]
    public async Task A_blob_that_no_repository_links_any_more_is_deleted_from_storage()
    {
        var repository = _grains.Repository(Names.Repository("unlinked"));
        var blob = await _cluster.PushAsync(repository);

        await repository.UnlinkBlobAsync(blob.Digest);
        var status = await _grains.RunToEndAsync();

        Assert.False(await _cluster.IsStoredAsync(blob.Digest));
        Assert.Null(await _grains.Blob(blob.Digest).GetSizeAsync());
        Assert.True(status.Tally.BlobsDeleted >= 1 && status.Tally.BytesFreed >= blob.Size);
    }

    [Fact]
    public async Task A_blob_another_repository_still_links_stays()
    {
        var first = _grains.Repository(Names.Repository("first"));
        var second = _grains.Repository(Names.Repository("second"));
        var blob = await _cluster.PushAsync(first);
        await second.MountAsync(blob.Digest, null);
        await second.PutManifestAsync(TestManifests.Image(blob), "v1");

        await first.UnlinkBlobAsync(blob.Digest);
        await _grains.RunToEndAsync();

        Assert.True(await _cluster.IsStoredAsync(blob.Digest));
        Assert.Equal(blob.Size, await second.GetBlobAsync(blob.Digest));
    }

    [Fact]
    public async Task A_dry_run_counts_the_blob_and_leaves_it()
    {
        var repository = _grains.Repository(Names.Repository("dry"));
        var blob = await _cluster.PushAsync(repository);
        await repository.UnlinkBlobAsync(blob.Digest);

        var status = await _grains.RunToEndAsync(dryRun: true);

        Assert.True(await _cluster.IsStoredAsync(blob.Digest));
        Assert.True(status.Tally.BlobsDeleted >= 1);
        await _grains.RunToEndAsync();
        Assert.False(await _cluster.IsStoredAsync(blob.Digest));
    }

    [Fact]
    public async Task A_mount_of_a_deleted_blob_finds_nothing_and_the_client_uploads_it_again()
    {
        var repository = _grains.Repository(Names.Repository("gone"));
        var other = _grains.Repository(Names.Repository("mounter"));
        var blob = await _cluster.PushAsync(repository);
        await repository.UnlinkBlobAsync(blob.Digest);
        await _grains.RunToEndAsync();

        Assert.Null(await other.MountAsync(blob.Digest, null));
        Assert.Null(await other.GetBlobAsync(blob.Digest));
    }

    [Fact]
    public async Task A_commit_announced_to_a_blob_nothing_links_holds_off_its_deletion_until_it_is_linked()
    {
        var repository = _grains.Repository(Names.Repository("recommit"));
        var blob = await _cluster.PushAsync(repository);
        await repository.UnlinkBlobAsync(blob.Digest);

        // The blob grain has been active for longer than a lease; then a push of the same bytes announces its commit,
        // and the collector runs before the push links them.
        await Task.Delay(CollectingClusterFixture.CommitLease);
        await _grains.Blob(blob.Digest).PrepareCommitAsync();
        var status = await _grains.RunToEndAsync(afterCommitLeases: false);
        await repository.LinkBlobAsync(blob.Digest, blob.Size);

        Assert.True(status.Tally.Waiting >= 1);
        Assert.True(await _cluster.IsStoredAsync(blob.Digest));
        Assert.Equal(blob.Size, await repository.GetBlobAsync(blob.Digest));
    }

    [Fact]
    public async Task A_commit_lease_ends_and_the_blob_then_goes()
    {
        var repository = _grains.Repository(Names.Repository("lease-ends"));
        var blob = await _cluster.PushAsync(repository);
        await repository.UnlinkBlobAsync(blob.Digest);
        await _grains.Blob(blob.Digest).PrepareCommitAsync();

        await _grains.RunToEndAsync();

        Assert.False(await _cluster.IsStoredAsync(blob.Digest));
    }

    [Fact]
    public async Task A_full_run_finds_bytes_no_grain_knows_of_and_they_go_like_any_unlinked_blob()
    {
        // Bytes committed by a writer that crashed before it linked them, longer ago than the grace period.
        var orphan = await _cluster.StoreAsync();

        var found = await _grains.RunToEndAsync(full: true);
        await _grains.RunToEndAsync();

        Assert.True(found.Blobs >= 1);
        Assert.False(await _cluster.IsStoredAsync(orphan.Digest));
    }
}
