using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansRegistry.Application.Listing;

namespace OrleansRegistry.Api.Observability;

/// <summary>Ready means a grain answers: the gateway reaches a live silo, which reaches its grain storage.</summary>
public sealed class ClusterHealthCheck(ListingService listings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await listings.ListRepositoriesAsync(null, 0).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("no grain of the cluster answered", e);
        }
    }
}
