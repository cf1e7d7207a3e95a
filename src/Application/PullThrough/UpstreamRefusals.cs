using System.Net;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Grains.Abstractions.PullThrough;

namespace OrleansRegistry.Application.PullThrough;

/// <summary>How a failed upstream fetch is answered: as content unknown, or as the cache being unavailable for now.</summary>
internal static class UpstreamRefusals
{
    public static RegistryException Of(UpstreamFailure failure, RegistryErrorCode unknown, string what) =>
        failure.NotFound
            ? new RegistryException(unknown, $"{what}: {failure.Message}")
            : new RegistryException(
                RegistryErrorCode.Unavailable, $"{what} is not cached and the upstream cannot give it now: {failure.Message}",
                HttpStatusCode.ServiceUnavailable, failure.RetryAfter);
}
