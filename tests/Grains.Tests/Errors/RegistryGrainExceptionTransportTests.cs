using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Tests.Infrastructure;

namespace OrleansRegistry.Grains.Tests.Errors;

/// <summary>
/// A grain's refusal must reach the gateway as the same error: its code, its client-facing detail and its HTTP
/// status, which is not always the code's usual one. If any of them were lost on the wire, the gateway would
/// answer the wrong error (or 500) to a client that did nothing wrong.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RegistryGrainExceptionTransportTests(ClusterFixture fixture)
{
    private readonly RegistryCluster _cluster = fixture.Cluster;

    [Fact]
    public void Serializer_RoundTripsCodeDetailStatusAndMessage()
    {
        var serializer = _cluster.ClientServices.GetRequiredService<Serializer>();
        var original = new RegistryGrainException(RegistryErrorCode.ManifestUnknown, "manifest sha256:abc is missing", (int)HttpStatusCode.BadRequest);

        var copy = serializer.Deserialize<Exception>(serializer.SerializeToArray<Exception>(original));

        var received = Assert.IsType<RegistryGrainException>(copy);
        Assert.Equal("MANIFEST_UNKNOWN", received.Code);
        Assert.Equal("manifest sha256:abc is missing", received.Detail);
        Assert.Equal(400, received.Status);
        Assert.Equal(original.Message, received.Message);
    }

    [Fact]
    public void Serializer_RoundTripsARefusalWithoutDetail()
    {
        var serializer = _cluster.ClientServices.GetRequiredService<Serializer>();

        var copy = serializer.Deserialize<Exception>(serializer.SerializeToArray<Exception>(new RegistryGrainException(RegistryErrorCode.BlobUploadUnknown)));

        var received = Assert.IsType<RegistryGrainException>(copy);
        Assert.Equal("BLOB_UPLOAD_UNKNOWN", received.Code);
        Assert.Null(received.Detail);
        Assert.Equal(404, received.Status);
    }

    [Fact]
    public async Task RefusalThrownInAGrain_ArrivesAtTheClientWithCodeDetailAndOverriddenStatus()
    {
        // MANIFEST_UNKNOWN is usually 404; for an index whose child is missing it is 400. Only the status field
        // tells the gateway which.
        var repository = _cluster.Grains.GetGrain<IRepositoryGrain>(Names.Repository("transport"));
        var missingChild = TestManifests.NewDigest();

        var refusal = await Assert.ThrowsAsync<RegistryGrainException>(() =>
            repository.PutManifestAsync(TestManifests.Index(missingChild), null));

        Assert.Equal("MANIFEST_UNKNOWN", refusal.Code);
        Assert.Equal(400, refusal.Status);
        Assert.NotNull(refusal.Detail);
        Assert.Contains(missingChild, refusal.Detail);
        Assert.Equal(RegistryErrorCode.ManifestUnknown, RegistryErrorCode.FromCode(refusal.Code));
    }

    [Fact]
    public async Task RefusalWithoutDetail_ArrivesWithTheCodesUsualStatus()
    {
        var session = _cluster.Grains.GetGrain<IUploadSessionGrain>(Names.UploadId());

        var refusal = await Assert.ThrowsAsync<RegistryGrainException>(() => session.GetStatusAsync("any/repository"));

        Assert.Equal("BLOB_UPLOAD_UNKNOWN", refusal.Code);
        Assert.Equal(404, refusal.Status);
        Assert.Null(refusal.Detail);
    }

    [Fact]
    public async Task UnexpectedFailureInAGrain_ArrivesAsAnUnknownRefusalNamingTheFailure()
    {
        // The staged bytes vanish behind the session's back (a disk cleaned by hand): the storage driver throws
        // FileNotFoundException in the grain, and the caller must still get an answerable error, not a
        // serialization failure.
        var writer = new UploadWriter(_cluster.Grains, _cluster.Store);
        var repository = Names.Repository("failure");
        var content = TestContent.Bytes(10);
        var uploadId = await writer.StartAsync(repository);
        await writer.WriteChunkAsync(uploadId, repository, content);
        await _cluster.Store.AbortUploadAsync(uploadId, CancellationToken.None);

        var refusal = await Assert.ThrowsAsync<RegistryGrainException>(() =>
            writer.Session(uploadId).CompleteAsync(repository, Digest.ComputeSha256(content).ToString()));

        Assert.Equal("UNKNOWN", refusal.Code);
        Assert.Equal(500, refusal.Status);
        Assert.Contains(nameof(FileNotFoundException), refusal.Detail);
    }
}
