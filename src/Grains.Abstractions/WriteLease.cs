namespace OrleansRegistry.Grains.Abstractions;

/// <summary>The right to write the next chunk of an upload, with what the writer needs to continue it.</summary>
[GenerateSerializer, Immutable, Alias("WriteLease")]
public sealed record WriteLease(
    [property: Id(0)] Guid LeaseId,
    [property: Id(1)] long Offset,
    [property: Id(2)] string StorageToken,
    [property: Id(3)] byte[] HashState,
    [property: Id(4)] TimeSpan RenewWithin);
