using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Abstractions.Import;

namespace OrleansRegistry.Application.Lifecycle;

/// <summary>The import of a Distribution tree as operators drive it: a run started on demand, and its status.</summary>
public sealed class ImportService(IGrainFactory grains)
{
    /// <summary>Starts a run unless one is going on; either way, the status of the run that is.</summary>
    public Task<ImportStatus> StartAsync(ImportRequest request) => grains.Importer().RunAsync(request);

    public Task<ImportStatus> GetStatusAsync() => grains.Importer().GetStatusAsync();
}
