using OrleansRegistry.Core.Errors;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Tests.Infrastructure;

namespace OrleansRegistry.Grains.Tests.Quotas;

/// <summary>
/// Quotas, as <see cref="PolicyClusterFixture"/> sets them for <c>quota-*</c> repositories: a push that would take a
/// repository past its bytes or its tags is refused with <c>DENIED</c>, nothing of it visible, and room made by a
/// deletion is room again.
/// </summary>
[Collection(PolicyClusterCollection.Name)]
public sealed class QuotaTests(PolicyClusterFixture fixture)
{
    private readonly RegistryCluster _cluster = fixture.Cluster;
    private readonly IGrainFactory _grains = fixture.Cluster.Grains;

    [Fact]
    public async Task A_push_past_the_byte_quota_is_denied_and_leaves_nothing_visible()
    {
        var repository = _grains.Repository(Names.Repository("quota"));
        var first = TestManifests.Image(await _cluster.PushAsync(repository, 1000));
        await repository.PutManifestAsync(first, "first");
        var second = TestManifests.Image(await _cluster.PushAsync(repository, 1000));
        await repository.PutManifestAsync(second, "second");
        var usage = await repository.GetUsageAsync();
        var third = TestManifests.Image(await _cluster.PushAsync(repository, 1000));

        var refusal = await GrainAssert.RefusedAsync(RegistryErrorCode.Denied, () => repository.PutManifestAsync(third, "third"));

        Assert.Contains($"over its quota of {PolicyClusterFixture.QuotaBytes}", refusal.Message);
        Assert.Contains("Registry:Quotas:Limits:0", refusal.Message);
        await GrainAssert.RefusedAsync(RegistryErrorCode.ManifestUnknown, () => repository.GetManifestAsync("third"));
        await GrainAssert.RefusedAsync(RegistryErrorCode.ManifestUnknown, () => repository.GetManifestAsync(third.Digest));
        Assert.Equal(usage!.Bytes, (await repository.GetUsageAsync())!.Bytes);
    }

    [Fact]
    public async Task Deleting_an_image_makes_room_for_the_next_push()
    {
        var repository = _grains.Repository(Names.Repository("quota"));
        var first = TestManifests.Image(await _cluster.PushAsync(repository, 1000));
        await repository.PutManifestAsync(first, "first");
        await repository.PutManifestAsync(TestManifests.Image(await _cluster.PushAsync(repository, 1000)), "second");
        var third = TestManifests.Image(await _cluster.PushAsync(repository, 1000));
        await GrainAssert.RefusedAsync(RegistryErrorCode.Denied, () => repository.PutManifestAsync(third, "third"));

        await repository.DeleteManifestAsync(first.Digest);
        await repository.PutManifestAsync(third, "third");

        Assert.Equal(third.Digest, (await repository.GetManifestAsync("third")).Digest);
    }

    [Fact]
    public async Task A_tag_past_the_tag_quota_is_denied_while_moving_a_tag_is_not()
    {
        var repository = _grains.Repository(Names.Repository("quota"));
        var image = TestManifests.Image(await _cluster.PushAsync(repository, 100));
        await repository.PutManifestAsync(image, "a", "b", "c");

        var refusal = await GrainAssert.RefusedAsync(RegistryErrorCode.Denied, () => repository.PutManifestAsync(image, "d"));
        var moved = TestManifests.Image(await _cluster.PushAsync(repository, 100));
        await repository.PutManifestAsync(moved, "a");

        Assert.Contains($"over its quota of {PolicyClusterFixture.QuotaTags}", refusal.Message);
        Assert.Equal(moved.Digest, (await repository.GetManifestAsync("a")).Digest);
        Assert.Equal(PolicyClusterFixture.QuotaTags, (await repository.GetUsageAsync())!.Tags);
    }

    [Fact]
    public async Task Repositories_no_quota_names_are_not_limited()
    {
        var repository = _grains.Repository(Names.Repository("unlimited"));
        for (var i = 0; i < 4; i++)
        {
            await repository.PutManifestAsync(TestManifests.Image(await _cluster.PushAsync(repository, 1000)), $"t{i}");
        }

        Assert.Equal(4, (await repository.GetUsageAsync())!.Tags);
    }
}
