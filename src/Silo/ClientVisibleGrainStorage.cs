using Orleans.Storage;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Grains.Abstractions;
using StackExchange.Redis;

namespace OrleansRegistry.Silo;

/// <summary>
/// Wraps the Redis grain storage so that its failures reach the gateway as <see cref="RegistryGrainException"/>.
/// Left alone, Redis storage throws <c>RedisStorageException</c>, a type the gateway (a pure client without the
/// persistence package) cannot deserialize: the response is dropped and the request hangs until the call times
/// out, again on every retry. Redis that cannot be reached becomes <c>UNAVAILABLE</c> (503, retry later).
/// </summary>
internal sealed class ClientVisibleGrainStorage(IGrainStorage inner, ILogger<ClientVisibleGrainStorage> logger)
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        TranslateAsync(inner.ReadStateAsync(stateName, grainId, grainState), "read", grainId);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        TranslateAsync(inner.WriteStateAsync(stateName, grainId, grainState), "write", grainId);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        TranslateAsync(inner.ClearStateAsync(stateName, grainId, grainState), "clear", grainId);

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    private async Task TranslateAsync(Task operation, string verb, GrainId grainId)
    {
        try
        {
            await operation;
        }
        catch (InconsistentStateException)
        {
            // An ETag conflict is Orleans' own signal, understood on both sides.
            throw;
        }
        catch (Exception e) when (IsUnreachable(e))
        {
            logger.LogWarning(e, "Grain state storage is unreachable: could not {Verb} the state of {Grain}", verb, grainId);
            throw new RegistryGrainException(RegistryErrorCode.Unavailable, "grain state storage (Redis) is unavailable");
        }
        catch (Exception e)
        {
            logger.LogError(e, "Grain state storage failed to {Verb} the state of {Grain}", verb, grainId);
            throw new RegistryGrainException(RegistryErrorCode.Unknown, $"grain state storage failed to {verb} state: {e.GetType().Name}");
        }
    }

    /// <remarks>
    /// Orleans' Redis storage throws <c>RedisStorageException</c> without an inner exception; the Redis client's
    /// exception survives only as its type name inside the message, so that is where it is looked for.
    /// </remarks>
    private static bool IsUnreachable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is RedisConnectionException or RedisTimeoutException
                || UnreachableTypeNames.Any(name => e.Message.Contains(name, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] UnreachableTypeNames =
        [typeof(RedisConnectionException).FullName!, typeof(RedisTimeoutException).FullName!];
}
