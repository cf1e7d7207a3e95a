using System.Diagnostics.Metrics;
using OrleansRegistry.Core.Errors;

namespace OrleansRegistry.Grains.Hosting;

/// <summary>
/// What the grains count for an operator, beside Orleans' own instruments: write leases freed without their
/// writer's commit (how often gateways die or hang in the middle of a chunk, and whether the cluster noticed), and
/// calls that failed on storage (a rise of <c>UNAVAILABLE</c> means Redis or S3 is down).
/// </summary>
internal static class GrainMetrics
{
    public const string MeterName = "OrleansRegistry.Grains";

    // One meter per process: meter listeners are process-wide (see RegistryMetrics).
    internal static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> FreedLeases = Meter.CreateCounter<long>(
        "registry.upload.leases_freed", "{lease}", "Write leases of uploads freed without their writer's commit or release, by reason");
    private static readonly Counter<long> FailedCalls = Meter.CreateCounter<long>(
        "registry.grain.failures", "{call}", "Grain calls that failed on storage or another internal error, by the error code the caller got");

    public static void LeaseFreed(string reason) => FreedLeases.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public static void CallFailed(RegistryErrorCode code) => FailedCalls.Add(1, new KeyValuePair<string, object?>("code", code.Code));
}
