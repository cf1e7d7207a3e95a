namespace OrleansRegistry.Metadata;

/// <summary>An owner's right to write, as of the epoch it took when it opened.</summary>
public sealed record EntryFence(EntryOwner Owner, long Epoch);
