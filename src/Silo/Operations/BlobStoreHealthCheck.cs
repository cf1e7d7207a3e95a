using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Silo.Operations;

/// <summary>
/// The blob store (S3 in a cluster) answers a lookup: silos commit verified uploads to it and expire idle ones.
/// </summary>
internal sealed class BlobStoreHealthCheck(IBlobStore blobs) : IHealthCheck
{
    // A digest no content has in practice: the lookup answers "none" without reading anything.
    private static readonly Digest Probe = Digest.Parse("sha256:" + new string('0', 64));

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await blobs.GetBlobSizeAsync(Probe, cancellationToken).WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the blob store did not answer", e);
        }
    }
}
