using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Abstractions.Collection;

namespace OrleansRegistry.Application.Lifecycle;

/// <summary>The garbage collector as operators drive it: a run started on demand, and its status.</summary>
public sealed class CollectionService(IGrainFactory grains)
{
    /// <summary>Starts a run unless one is going on; either way, the status of the run that is.</summary>
    public Task<CollectionStatus> StartAsync(CollectionRequest request) => grains.Collector().RunAsync(request);

    public Task<CollectionStatus> GetStatusAsync() => grains.Collector().GetStatusAsync();
}
