namespace OrleansRegistry.Grains.Abstractions.Import;

[GenerateSerializer, Alias("ImportState")]
public enum ImportState
{
    /// <summary>No run since the importer started.</summary>
    Idle,
    Running,
    Finished,
    Failed,
}
