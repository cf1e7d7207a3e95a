using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Tests.Infrastructure;
using OrleansRegistry.TestKit;

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
    public void Serializer_round_trips_code_detail_status_and_message()
    {
        var serializer = _cluster.ClientServices.GetRequiredService<Serializer>();
        var original = new RegistryGrainException(RegistryErrorCode.ManifestUnknown, "manifest sha256:abc is missing", (int)HttpStatusCode.BadRequest);

        var copy = serializer.Deserialize<Exception>(serializer.SerializeToArray<Exception>(original));

        var received = Assert.IsType<RegistryGrainException>(copy);
        Assert.Equal(RegistryErrorCode.ManifestUnknown, received.Error);
        Assert.Equal("manifest sha256:abc is missing", received.Detail);
        Assert.Equal(400, received.Status);
        Assert.Equal(original.Message, received.Message);
    }

    [Fact]
    public void Serializer_round_trips_a_refusal_without_detail()
    {
        var serializer = _cluster.ClientServices.GetRequiredService<Serializer>();

        var copy = serializer.Deserialize<Exception>(serializer.SerializeToArray<Exception>(new RegistryGrainException(RegistryErrorCode.BlobUploadUnknown)));

        var received = Assert.IsType<RegistryGrainException>(copy);
        Assert.Equal(RegistryErrorCode.BlobUploadUnknown, received.Error);
        Assert.Null(received.Detail);
        Assert.Equal(404, received.Status);
    }

    [Fact]
    public async Task A_refusal_thrown_in_a_grain_arrives_at_the_client_with_its_code_detail_and_status()
    {
        var repository = _cluster.Grains.Repository(Names.Repository("transport"));
        var missingChild = TestManifests.NewDigest();

        var refusal = await Assert.ThrowsAsync<RegistryGrainException>(() =>
            repository.PutManifestAsync(TestManifests.Index(missingChild), []));

        Assert.Equal(RegistryErrorCode.ManifestBlobUnknown, refusal.Error);
        Assert.Equal(400, refusal.Status);
        Assert.Equal(missingChild.ToString(), refusal.Detail);
    }

    [Fact]
    public async Task Refusal_without_detail_arrives_with_the_codes_usual_status()
    {
        var session = _cluster.Grains.UploadSession(Names.UploadId());

        var refusal = await Assert.ThrowsAsync<RegistryGrainException>(() => session.GetStatusAsync(RepositoryName.Parse("any/repository")));

        Assert.Equal(RegistryErrorCode.BlobUploadUnknown, refusal.Error);
        Assert.Equal(404, refusal.Status);
        Assert.Null(refusal.Detail);
    }

    [Fact]
    public async Task Unexpected_failure_in_a_grain_arrives_as_an_unknown_refusal_naming_the_failure()
    {
        // The staged bytes vanish behind the session's back (a disk cleaned by hand): verifying a sha512 digest
        // re-reads them in the grain, the storage driver throws FileNotFoundException there, and the caller must
        // still get an answerable error, not a serialization failure.
        var writer = new UploadWriter(_cluster.Grains, _cluster.Store);
        var repository = Names.Repository("failure");
        var content = TestContent.RandomBytes(10);
        var uploadId = await writer.StartAsync(repository);
        await writer.WriteChunkAsync(uploadId, repository, content);
        await _cluster.Store.AbortUploadAsync(uploadId.ToString(), CancellationToken.None);

        var refusal = await Assert.ThrowsAsync<RegistryGrainException>(() =>
            writer.Session(uploadId).SealAsync(repository, Digest.Compute(Digest.Sha512, content)));

        Assert.Equal(RegistryErrorCode.Unknown, refusal.Error);
        Assert.Equal(500, refusal.Status);
        Assert.Contains("NotFoundException", refusal.Detail);
    }
}
