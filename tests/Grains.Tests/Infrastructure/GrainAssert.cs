using System.Net;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Grains.Abstractions;

namespace OrleansRegistry.Grains.Tests.Infrastructure;

/// <summary>Asserts a grain call's refusal as the gateway sees it: the spec's error code and its HTTP status.</summary>
internal static class GrainAssert
{
    public static async Task<RegistryGrainException> RefusedAsync(RegistryErrorCode expected, Func<Task> call, HttpStatusCode? status = null)
    {
        var exception = await Assert.ThrowsAsync<RegistryGrainException>(call);
        Assert.Equal(expected, exception.Error);
        Assert.Equal((int)(status ?? expected.Status), exception.Status);
        return exception;
    }
}
