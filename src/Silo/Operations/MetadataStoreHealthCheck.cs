using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansRegistry.Metadata;

namespace OrleansRegistry.Silo.Operations;

/// <summary>
/// The metadata store (Redis in a cluster) answers a read: without it no repository, tag or blob link can be read
/// or written.
/// </summary>
internal sealed class MetadataStoreHealthCheck(IEntryStore entries) : IHealthCheck
{
    // An owner no grain uses: the read touches nothing the registry keeps.
    private static readonly EntryOwner Probe = new("health", "probe");

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await entries.GetAsync(Probe, "probe", "probe", cancellationToken).WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the metadata store did not answer", e);
        }
    }
}
