namespace OrleansRegistry.Grains.Import;

/// <summary>What the collector asks the importer before it walks storage for bytes that no grain knows of.</summary>
[Alias("IImportGuardGrain")]
public interface IImportGuardGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Whether storage holds a Distribution tree that no import has finished with, or an import is running: the
    /// tree's blobs are known to no grain until imported, and a storage scan would take them for garbage.
    /// </summary>
    [Alias("HoldsUnimportedTree")]
    Task<bool> HoldsUnimportedTreeAsync();
}
