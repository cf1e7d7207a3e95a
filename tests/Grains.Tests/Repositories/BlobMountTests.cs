using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Grains.Tests.Repositories;

/// <summary>
/// Linking blobs into a repository: a cross-repository mount (<c>POST ?mount=&amp;from=</c>), a mount without
/// <c>from</c> of any blob the registry holds, and unlinking. A mount that cannot be done answers null, so the
/// gateway falls back to starting an upload.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class BlobMountTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Cluster.Grains;
    private readonly UploadWriter _writer = new(fixture.Cluster.Grains, fixture.Cluster.Store);
    private readonly RepositoryName _source = Names.Repository("source");
    private readonly RepositoryName _target = Names.Repository("target");

    private IRepositoryGrain Source => _grains.Repository(_source);

    private IRepositoryGrain Target => _grains.Repository(_target);

    [Fact]
    public async Task Mount_from_a_repository_that_links_the_blob_links_it_here_with_its_size()
    {
        var blob = await _writer.PushBlobAsync(_source, TestContent.RandomBytes(123));

        var mounted = await Target.MountAsync(blob.Digest, _source);

        Assert.Equal(new BlobLink(blob.Digest, 123), mounted);
        Assert.Equal(123, await Target.GetBlobAsync(blob.Digest));
        var links = await _grains.Blob(blob.Digest).GetLinksAsync();
        Assert.Contains(_source, links);
        Assert.Contains(_target, links);
    }

    [Fact]
    public async Task Mount_from_a_repository_that_does_not_link_the_blob_is_null()
    {
        // The blob is stored (for a third repository), but the named source does not have it: no mount, or a
        // client could read any blob through any repository it can name.
        var blob = await _writer.PushBlobAsync(Names.Repository("third"), TestContent.RandomBytes(10));
        var unrelated = TestManifests.NewBlob();
        await Source.LinkBlobAsync(unrelated.Digest, unrelated.Size);

        Assert.Null(await Target.MountAsync(blob.Digest, _source));
        Assert.Null(await Target.GetBlobAsync(blob.Digest));
    }

    [Fact]
    public async Task Mount_without_from_links_any_blob_the_registry_holds()
    {
        var blob = await _writer.PushBlobAsync(_source, TestContent.RandomBytes(77));

        var mounted = await Target.MountAsync(blob.Digest, null);

        Assert.Equal(new BlobLink(blob.Digest, 77), mounted);
        Assert.Equal(77, await Target.GetBlobAsync(blob.Digest));
    }

    [Fact]
    public async Task Mount_of_an_unknown_digest_is_null_and_links_nothing()
    {
        var unknown = TestManifests.NewDigest();
        await Source.LinkBlobAsync(TestManifests.NewDigest(), 1);

        Assert.Null(await Target.MountAsync(unknown, _source));
        Assert.Null(await Target.MountAsync(unknown, null));
        Assert.Null(await Target.GetBlobAsync(unknown));
        Assert.Empty(await _grains.Blob(unknown).GetLinksAsync());
    }

    [Fact]
    public async Task Mount_from_the_repository_itself_answers_its_own_link()
    {
        // A grain calling itself would wait on itself forever; this must answer.
        var blob = await _writer.PushBlobAsync(_target, TestContent.RandomBytes(5));

        Assert.Equal(new BlobLink(blob.Digest, 5), await Target.MountAsync(blob.Digest, _target));
    }

    [Fact]
    public async Task Mount_makes_the_blob_usable_by_a_manifest_here()
    {
        var blob = await _writer.PushBlobAsync(_source, TestContent.RandomBytes(50));
        await Target.MountAsync(blob.Digest, _source);

        await Target.PutManifestAsync(TestManifests.Image(blob), "v1");

        Assert.Equal([blob], (await Target.GetManifestAsync("v1")).Blobs);
    }

    [Fact]
    public async Task Link_blob_twice_links_it_once()
    {
        var blob = TestManifests.NewBlob(9);

        await Target.LinkBlobAsync(blob.Digest, blob.Size);
        await Target.LinkBlobAsync(blob.Digest, blob.Size);

        Assert.Equal(9, await Target.GetBlobAsync(blob.Digest));
        Assert.Equal([_target], await _grains.Blob(blob.Digest).GetLinksAsync());
    }

    [Fact]
    public async Task Unlink_blob_removes_the_link_here_and_from_the_blob()
    {
        var blob = await _writer.PushBlobAsync(_source, TestContent.RandomBytes(8));
        await Target.MountAsync(blob.Digest, _source);

        await Target.UnlinkBlobAsync(blob.Digest);

        Assert.Null(await Target.GetBlobAsync(blob.Digest));
        Assert.Equal(8, await Source.GetBlobAsync(blob.Digest));
        Assert.Equal([_source], await _grains.Blob(blob.Digest).GetLinksAsync());
    }

    [Fact]
    public async Task Unlink_blob_not_linked_here_throws_blob_unknown()
    {
        await Target.LinkBlobAsync(TestManifests.NewDigest(), 1);

        await GrainAssert.RefusedAsync(RegistryErrorCode.BlobUnknown, () => Target.UnlinkBlobAsync(TestManifests.NewDigest()));
    }
}
