namespace OrleansRegistry.Grains.Abstractions.Collection;

[GenerateSerializer, Alias("CollectionState")]
public enum CollectionState
{
    /// <summary>No run since the collector started.</summary>
    Idle,
    Running,
    Finished,
    Failed,
}
