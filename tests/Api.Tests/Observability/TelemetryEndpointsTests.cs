using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Observability;

/// <summary>Liveness, readiness and metrics, as an orchestrator and a Prometheus server read them.</summary>
[Collection(RegistryCollection.Name)]
public sealed class TelemetryEndpointsTests(RegistryFixture registry)
{
    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Health_endpoints_answer_healthy(string path)
    {
        using var response = await registry.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_count_the_blob_bytes_a_push_received()
    {
        var repository = RepositoryNames.Unique("metrics");
        var before = await BlobBytesReceivedAsync();

        await registry.Client.PushBlobAsync(repository, TestContent.RandomBytes(12345));

        var after = await BlobBytesReceivedAsync();
        Assert.True(after >= before + 12345, $"registry_blob_received_bytes_total went from {before} to {after}");
    }

    [Fact]
    public async Task Metrics_count_errors_by_their_spec_code_and_status()
    {
        var before = await DigestInvalidErrorsAsync();

        using (var refused = await registry.Client.GetAsync($"/v2/{RepositoryNames.Unique("metrics")}/blobs/sha256:not-hex"))
        {
            await refused.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "DIGEST_INVALID");
        }

        var after = await DigestInvalidErrorsAsync();
        Assert.True(after >= before + 1, $"registry_errors_total for DIGEST_INVALID went from {before} to {after}");
    }

    private Task<double> BlobBytesReceivedAsync() =>
        MetricAsync(l => l.StartsWith("registry_blob_received_bytes_total", StringComparison.Ordinal));

    private Task<double> DigestInvalidErrorsAsync() =>
        MetricAsync(l => l.StartsWith("registry_errors_total{", StringComparison.Ordinal)
            && l.Contains("code=\"DIGEST_INVALID\"", StringComparison.Ordinal) && l.Contains("status=\"400\"", StringComparison.Ordinal));

    private async Task<double> MetricAsync(Func<string, bool> isLine)
    {
        using var response = await registry.Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = (await response.Content.ReadAsStringAsync()).Split('\n').SingleOrDefault(isLine);
        return line is null ? 0 : double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
