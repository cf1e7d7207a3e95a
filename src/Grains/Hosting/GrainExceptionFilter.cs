using Microsoft.Extensions.Logging;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Grains.Hosting;

/// <summary>
/// Keeps grain failures answerable: a refusal (<see cref="RegistryGrainException"/>) passes as it is, while any
/// other exception (a storage SDK's, say) is logged here with its details and crosses the grain boundary as an
/// internal error. Exceptions of third-party types often cannot be serialized, and the caller would otherwise
/// receive a serialization failure instead of the error. Storage that is unavailable for now crosses as
/// <c>UNAVAILABLE</c>, so that the client is told to retry.
/// </summary>
internal sealed class GrainExceptionFilter(ILogger<GrainExceptionFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (StorageUnavailableException e)
        {
            logger.LogWarning(e, "{Grain}.{Method} found storage unavailable", context.TargetId, context.ImplementationMethod.Name);
            GrainMetrics.CallFailed(RegistryErrorCode.Unavailable);
            throw new RegistryGrainException(RegistryErrorCode.Unavailable, e.Message);
        }
        catch (Exception e) when (e is not RegistryGrainException and not OrleansException)
        {
            logger.LogError(e, "{Grain}.{Method} failed", context.TargetId, context.ImplementationMethod.Name);
            GrainMetrics.CallFailed(RegistryErrorCode.Unknown);
            throw new RegistryGrainException(RegistryErrorCode.Unknown, $"{context.ImplementationMethod.Name} failed: {e.GetType().Name}: {e.Message}");
        }
    }
}
