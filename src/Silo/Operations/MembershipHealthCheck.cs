using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansRegistry.Silo.Operations;

/// <summary>
/// Ready means this silo has joined the cluster: the membership lists it as Active, so other silos place grains
/// on it and gateways send it calls. A silo that is joining, or has begun to shut down, is not ready.
/// </summary>
internal sealed class MembershipHealthCheck(ISiloStatusOracle membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(membership.CurrentStatus == SiloStatus.Active
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"the silo is {membership.CurrentStatus} in the cluster, not Active"));
}
