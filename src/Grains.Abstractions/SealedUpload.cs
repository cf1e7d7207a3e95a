namespace OrleansRegistry.Grains.Abstractions;

/// <summary>An upload whose digest verified and which takes no more bytes: what storage must commit.</summary>
[GenerateSerializer, Immutable, Alias("SealedUpload")]
public sealed record SealedUpload([property: Id(0)] string StorageToken, [property: Id(1)] long Size);
