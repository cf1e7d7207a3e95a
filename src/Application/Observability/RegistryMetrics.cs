using System.Diagnostics.Metrics;

namespace OrleansRegistry.Application.Observability;

/// <summary>
/// What a registry operator watches beyond request rates and latencies: bytes moved, content pushed, and the spec's
/// error codes answered (a rise of UNAVAILABLE means a dependency is down; of DENIED, a client without rights).
/// </summary>
public sealed class RegistryMetrics
{
    public const string MeterName = "OrleansRegistry.Gateway";

    // One meter per process, not one per host: meter listeners are process-wide, and several hosts in one process
    // (as tests run them) would otherwise export clashing instruments of the same name.
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> ReceivedBytes = Meter.CreateCounter<long>("registry.blob.received", "By", "Blob bytes accepted from clients");
    private static readonly Counter<long> SentBytes = Meter.CreateCounter<long>("registry.blob.sent", "By", "Blob bytes served to clients");
    private static readonly Counter<long> PushedBlobs = Meter.CreateCounter<long>("registry.blob.pushed", "{blob}", "Uploads completed with a verified digest");
    private static readonly Counter<long> PushedManifests = Meter.CreateCounter<long>("registry.manifest.pushed", "{manifest}", "Manifests accepted");
    private static readonly Counter<long> Errors = Meter.CreateCounter<long>("registry.errors", "{error}", "Errors answered, by the spec's error code and HTTP status");

    public void BytesReceived(long count) => ReceivedBytes.Add(count);

    public void BytesSent(long count) => SentBytes.Add(count);

    public void BlobPushed() => PushedBlobs.Add(1);

    public void ManifestPushed() => PushedManifests.Add(1);

    public void ErrorAnswered(string code, int status) =>
        Errors.Add(1, new KeyValuePair<string, object?>("code", code), new KeyValuePair<string, object?>("status", status));
}
