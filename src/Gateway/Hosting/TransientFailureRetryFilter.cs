using Orleans.Runtime.Messaging;

namespace OrleansRegistry.Gateway.Hosting;

/// <summary>
/// Retries a grain call that failed because a silo went away, until the cluster has declared the silo dead and the
/// grain can activate elsewhere (seconds, with the membership settings of <c>Registry:Cluster</c>).
/// </summary>
/// <remarks>
/// Safe because every registry grain method may be repeated: upload writes are named by their lease, and the
/// other writes set state to a value rather than change it by a delta. That holds for a call that timed out too,
/// which may still be running: its repetition queues behind it on the same grain and answers as it did.
/// Calls to Orleans' system targets pass through unretried: they are addressed to one silo, and the client has its
/// own failover for them (a client that started while the membership still listed a dead silo waited out these
/// retries twice, 36 s, before trying another silo for the cluster manifest).
/// </remarks>
internal sealed class TransientFailureRetryFilter(ILogger<TransientFailureRetryFilter> logger) : IOutgoingGrainCallFilter
{
    private static readonly TimeSpan[] Delays =
    [
        TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500),
        TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2),
        TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2),
    ];

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (SystemTargetGrainId.IsSystemTargetGrainId(context.TargetId))
        {
            await context.Invoke();
            return;
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await context.Invoke();
                return;
            }
            catch (Exception e) when (IsTransient(e) && attempt < Delays.Length)
            {
                logger.LogWarning("{Method} on {Grain} failed ({Error}); retrying in {Delay}", context.MethodName, context.TargetId, e.GetType().Name, Delays[attempt]);
                await Task.Delay(Delays[attempt]);
            }
        }
    }

    private static bool IsTransient(Exception e) =>
        e is SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException or TimeoutException;
}
