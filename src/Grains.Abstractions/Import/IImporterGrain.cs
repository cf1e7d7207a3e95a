namespace OrleansRegistry.Grains.Abstractions.Import;

/// <summary>
/// Imports the repositories, tags and manifests of a CNCF Distribution storage tree that shares the registry's
/// storage (its <c>docker/registry/v2/repositories</c> beside the blobs, which are already where the registry keeps
/// them), one per cluster. It runs in the background while the registry serves, records everything through the
/// repositories as a push would, after verifying every digest, and copies no blob bytes (see docs/migration.md).
/// </summary>
[Alias("IImporterGrain")]
public interface IImporterGrain : IGrainWithIntegerKey
{
    /// <summary>Starts a run unless one is running, and answers at once with the status of the run that is.</summary>
    [Alias("Run")]
    Task<ImportStatus> RunAsync(ImportRequest request);

    [Alias("GetStatus")]
    Task<ImportStatus> GetStatusAsync();
}
