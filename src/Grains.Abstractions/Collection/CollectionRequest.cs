namespace OrleansRegistry.Grains.Abstractions.Collection;

/// <summary>What a run of the garbage collector does.</summary>
/// <param name="DryRun">Counts what the run would delete, and deletes nothing.</param>
/// <param name="Full">
/// Sweeps every repository rather than those with candidates, and walks every blob in storage to find bytes no
/// grain knows of (left by a crash between two steps). Slow on a large registry, so background runs are full only
/// every <c>Registry:Collection:StorageScanInterval</c>.
/// </param>
[GenerateSerializer, Immutable, Alias("CollectionRequest")]
public sealed record CollectionRequest([property: Id(0)] bool DryRun, [property: Id(1)] bool Full);
