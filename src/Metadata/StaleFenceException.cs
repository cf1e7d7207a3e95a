namespace OrleansRegistry.Metadata;

/// <summary>A write from an activation that is no longer its owner's writer: a newer one opened it since.</summary>
public sealed class StaleFenceException(EntryFence fence)
    : Exception($"{fence.Owner} was opened again after epoch {fence.Epoch}; this writer is stale")
{
    public EntryFence Fence { get; } = fence;
}
