using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using OrleansRegistry.EndToEnd.Tests.Infrastructure;
using OrleansRegistry.TestKit;
using Xunit.Abstractions;

namespace OrleansRegistry.EndToEnd.Tests.Cluster;

/// <summary>
/// A chunked upload is not bound to a silo or a gateway: its state lives in its UploadSession grain (in Redis)
/// and its bytes in S3, so it survives the crash of any one of them and the digest still verifies.
/// </summary>
[Collection(RegistryClusterCollection.Name)]
public sealed class UploadFailoverTests(RegistryCluster cluster, ITestOutputHelper output)
{
    private const int MiB = 1024 * 1024;

    /// <summary>Write leases the silos freed without their writer's commit, by reason (OrleansRegistry.Grains).</summary>
    private const string LeasesFreed = "registry_upload_leases_freed_total";

    [Fact(Timeout = 600_000)]
    public async Task Chunked_upload_completes_across_the_crash_of_each_silo_and_of_a_gateway()
    {
        await cluster.StartAllAsync();
        var blob = TestContent.RandomBytes(12 * MiB + 5);
        var digest = Digest.Sha256(blob);
        using var first = cluster.Gateways[0].CreateHttpClient();
        using var second = cluster.Gateways[1].CreateHttpClient();
        var location = await RawUpload.StartAsync(first, "cluster/failover");
        await ExpectAcceptedAsync(RawUpload.PatchAsync(first, location, blob, 0, 1000));

        // Wherever the session lives, one of the two crashes below hits its silo: after the first, it lives on
        // the survivor, which crashes next.
        await cluster.Silo(0).KillAsync();
        await TimeAsync("next chunk after the crash of silo0", () => PatchUntilAcceptedAsync(second, location, blob, 1000, 6 * MiB));
        await cluster.StartSiloAsync(0);

        await cluster.Silo(1).KillAsync();
        await TimeAsync("next chunk after the crash of silo1", () => PatchUntilAcceptedAsync(first, location, blob, 6 * MiB, 10 * MiB));
        await cluster.StartSiloAsync(1);

        // The gateway that took the last chunk crashes; the client asks another where the upload stands.
        await cluster.Gateways[0].Process.KillAsync();
        Assert.Equal(10 * MiB, await RawUpload.OffsetAsync(second, location));
        await ExpectAcceptedAsync(RawUpload.PatchAsync(second, location, blob, 10 * MiB, blob.Length));
        using (var finished = await RawUpload.FinishAsync(second, location, digest))
        {
            Assert.Equal(HttpStatusCode.Created, finished.StatusCode);
            Assert.Equal(digest, finished.Headers.GetValues("Docker-Content-Digest").Single());
        }

        Assert.Equal(blob, await second.GetByteArrayAsync($"v2/cluster/failover/blobs/{digest}"));
        await cluster.StartGatewayAsync(0);
        Assert.Equal(blob, await first.GetByteArrayAsync($"v2/cluster/failover/blobs/{digest}"));
    }

    [Fact(Timeout = 600_000)]
    public async Task A_gateway_killed_in_the_middle_of_a_chunk_frees_its_upload_and_leaves_nothing_of_it_counted()
    {
        await cluster.StartAllAsync();
        var blob = TestContent.RandomBytes(9 * MiB);
        var digest = Digest.Sha256(blob);
        using var survivor = cluster.Gateways[1].CreateHttpClient();
        var location = await RawUpload.StartAsync(survivor, "cluster/midchunk");
        await ExpectAcceptedAsync(RawUpload.PatchAsync(survivor, location, blob, 0, MiB));
        var freedBefore = await cluster.SiloCounterAsync(LeasesFreed, "reason", "writer-gone");

        // Enough of the next chunk reaches the doomed gateway for it to write a whole S3 part, then it dies.
        var halfSent = new TaskCompletionSource();
        var clock = new Stopwatch();
        using (var doomed = cluster.Gateways[0].CreateHttpClient())
        using (var giveUp = new CancellationTokenSource())
        {
            var content = new StallingContent(blob, MiB, 7 * MiB, halfSent);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            var patch = doomed.PatchAsync(location, content, giveUp.Token);
            await halfSent.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await Task.Delay(TimeSpan.FromSeconds(1));
            await cluster.Gateways[0].Process.KillAsync();
            clock.Start();
            // A stalled sender only notices a dead peer when it writes again; this one gives up instead.
            await giveUp.CancelAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => patch);
        }

        Assert.Equal(MiB, await RawUpload.OffsetAsync(survivor, location));

        // The upload is busy (400 BLOB_UPLOAD_INVALID) until the cluster notices that the writer died. The patience
        // is far longer than the write lease (15 s): the assertions below tell which of the two freed it.
        HttpResponseMessage response;
        while ((response = await RawUpload.PatchAsync(survivor, location, blob, MiB, blob.Length)).StatusCode == HttpStatusCode.BadRequest
            && clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            response.Dispose();
            await Task.Delay(200);
        }

        using (response)
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        output.WriteLine($"the next chunk was accepted at the other gateway {clock.Elapsed.TotalSeconds:0.0} s after the writing gateway was killed");
        // Freed because the dead gateway's session noticed it gone, not because its lease lapsed.
        Assert.Equal(freedBefore + 1, await cluster.SiloCounterAsync(LeasesFreed, "reason", "writer-gone"));
        using (var finished = await RawUpload.FinishAsync(survivor, location, digest))
        {
            Assert.Equal(HttpStatusCode.Created, finished.StatusCode);
        }

        Assert.Equal(blob, await survivor.GetByteArrayAsync($"v2/cluster/midchunk/blobs/{digest}"));
        await cluster.StartGatewayAsync(0);
    }

    private async Task TimeAsync(string what, Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        output.WriteLine($"{what}: accepted after {clock.Elapsed.TotalSeconds:0.00} s");
    }

    /// <summary>
    /// A client that honours <c>503</c> and <c>Retry-After</c>, as registry clients do: the gateway rides out a
    /// failover by itself within its retry budget, but on an overloaded host detecting the crash can take longer.
    /// </summary>
    private async Task PatchUntilAcceptedAsync(HttpClient gateway, string location, byte[] blob, int start, int end)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await RawUpload.PatchAsync(gateway, location, blob, start, end);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || clock.Elapsed > TimeSpan.FromMinutes(2))
            {
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    Assert.Fail($"expected 202, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{cluster.Logs()}");
                }

                return;
            }

            output.WriteLine($"503 after {clock.Elapsed.TotalSeconds:0.0} s; retrying as the Retry-After header asks");
            Assert.NotNull(response.Headers.RetryAfter);
            await Task.Delay(response.Headers.RetryAfter.Delta ?? TimeSpan.FromSeconds(1));
        }
    }

    private async Task ExpectAcceptedAsync(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            Assert.Fail($"expected 202, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{cluster.Logs()}");
        }
    }

    /// <summary>A request body that sends part of a chunk and then stalls, like a client on a dying connection.</summary>
    private sealed class StallingContent(byte[] blob, int start, int stallAfter, TaskCompletionSource halfSent) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(blob.AsMemory(start, stallAfter), cancellationToken);
            await stream.FlushAsync(cancellationToken);
            halfSent.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = blob.Length - start;
            return true;
        }
    }
}
