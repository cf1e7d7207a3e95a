using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Abstractions.Retention;

namespace OrleansRegistry.Application.Lifecycle;

/// <summary>The retention policies as operators drive them: a run started on demand, and its status.</summary>
public sealed class RetentionService(IGrainFactory grains)
{
    /// <summary>Starts a run unless one is going on; either way, the status of the run that is.</summary>
    public Task<RetentionStatus> StartAsync(RetentionRequest request) => grains.Retention().RunAsync(request);

    public Task<RetentionStatus> GetStatusAsync() => grains.Retention().GetStatusAsync();
}
