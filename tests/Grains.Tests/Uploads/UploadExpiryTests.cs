using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Tests.Infrastructure;
using OrleansRegistry.Grains.Uploads;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Grains.Tests.Uploads;

/// <summary>
/// Uploads nobody finishes are deleted with their staged bytes once idle for longer than the timeout. Tests pass
/// the timeout instead of waiting for one: zero makes any upload idle, a day makes none.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class UploadExpiryTests(ClusterFixture fixture)
{
    private readonly RegistryCluster _cluster = fixture.Cluster;
    private readonly UploadWriter _writer = new(fixture.Cluster.Grains, fixture.Cluster.Store);
    private readonly RepositoryName _repository = Names.Repository("expiry");

    [Fact]
    public async Task Expire_if_idle_before_the_timeout_keeps_the_upload()
    {
        var uploadId = await _writer.StartAsync(_repository);
        await _writer.WriteChunkAsync(uploadId, _repository, TestContent.RandomBytes(10));

        var expired = await _writer.Session(uploadId).ExpireIfIdleAsync(TimeSpan.FromDays(1));

        Assert.False(expired);
        Assert.Equal(10, (await _writer.Session(uploadId).GetStatusAsync(_repository)).Offset);
        Assert.Contains(uploadId, await StagedUploadIdsAsync());
    }

    [Fact]
    public async Task Expire_if_idle_past_the_timeout_deletes_the_upload_and_its_staged_bytes()
    {
        var uploadId = await _writer.StartAsync(_repository);
        await _writer.WriteChunkAsync(uploadId, _repository, TestContent.RandomBytes(10));

        var expired = await _writer.Session(uploadId).ExpireIfIdleAsync(TimeSpan.Zero);

        Assert.True(expired);
        await GrainAssert.RefusedAsync(RegistryErrorCode.BlobUploadUnknown, () => _writer.Session(uploadId).GetStatusAsync(_repository));
        Assert.DoesNotContain(uploadId, await StagedUploadIdsAsync());
    }

    [Fact]
    public async Task Expire_if_idle_while_a_chunk_is_being_written_keeps_the_upload()
    {
        // A long chunk is activity even before it commits.
        var uploadId = await _writer.StartAsync(_repository);
        await _writer.Session(uploadId).AcquireWriteAsync(_repository, null, Guid.NewGuid(), _writer.Writer);

        Assert.False(await _writer.Session(uploadId).ExpireIfIdleAsync(TimeSpan.Zero));
        Assert.Equal(0, (await _writer.Session(uploadId).GetStatusAsync(_repository)).Offset);
    }

    [Fact]
    public async Task Expire_if_idle_of_an_upload_that_does_not_exist_says_it_is_gone()
    {
        // So that the expiry scan also removes staged bytes whose session state was lost.
        Assert.True(await _writer.Session(Names.UploadId()).ExpireIfIdleAsync(TimeSpan.FromDays(1)));
    }

    [Fact]
    public async Task Expiry_scan_removes_idle_uploads_and_staged_bytes_without_a_session()
    {
        var idle = await _writer.StartAsync(_repository);
        var orphan = Names.UploadId();
        await _cluster.Store.CreateUploadAsync(orphan.ToString(), CancellationToken.None);
        // Staged files written a moment ago are idle for a zero timeout; dating them back removes any doubt about
        // the file system's clock granularity.
        foreach (var id in new[] { idle, orphan })
        {
            File.SetLastWriteTimeUtc(Path.Combine(_cluster.DataDirectory, "storage", "docker", "registry", "v2", "_uploads", id.ToString(), "data"), DateTime.UtcNow.AddHours(-1));
        }

        var service = new UploadExpiry(
            _cluster.Store,
            _cluster.Grains,
            Options.Create(new UploadOptions { IdleTimeout = TimeSpan.Zero }),
            TimeProvider.System,
            NullLogger<UploadExpiry>.Instance);
        var expired = await service.ExpireIdleUploadsAsync(CancellationToken.None);

        Assert.True(expired >= 2, $"expected at least the two uploads of this test to expire, not {expired}");
        var staged = await StagedUploadIdsAsync();
        Assert.DoesNotContain(idle, staged);
        Assert.DoesNotContain(orphan, staged);
        await GrainAssert.RefusedAsync(RegistryErrorCode.BlobUploadUnknown, () => _writer.Session(idle).GetStatusAsync(_repository));
    }

    [Fact]
    public async Task Expiry_scan_keeps_uploads_that_are_not_idle()
    {
        var active = await _writer.StartAsync(_repository);

        var service = new UploadExpiry(
            _cluster.Store,
            _cluster.Grains,
            Options.Create(new UploadOptions { IdleTimeout = TimeSpan.FromDays(1) }),
            TimeProvider.System,
            NullLogger<UploadExpiry>.Instance);
        await service.ExpireIdleUploadsAsync(CancellationToken.None);

        Assert.Contains(active, await StagedUploadIdsAsync());
        Assert.Equal(0, (await _writer.Session(active).GetStatusAsync(_repository)).Offset);
    }

    private async Task<List<UploadId>> StagedUploadIdsAsync()
    {
        var ids = new List<UploadId>();
        await foreach (var upload in _cluster.Store.ListUploadsAsync(CancellationToken.None))
        {
            ids.Add(UploadId.Parse(upload.UploadId));
        }

        return ids;
    }
}
