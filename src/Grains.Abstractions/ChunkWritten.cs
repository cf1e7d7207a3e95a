namespace OrleansRegistry.Grains.Abstractions;

/// <summary>What a writer reports after streaming a chunk to storage under its lease.</summary>
[GenerateSerializer, Immutable, Alias("ChunkWritten")]
public sealed record ChunkWritten(
    [property: Id(0)] long BytesWritten,
    [property: Id(1)] string StorageToken,
    [property: Id(2)] byte[] HashState);
