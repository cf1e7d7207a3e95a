namespace OrleansRegistry.Grains.Abstractions;

/// <summary>A blob linked to a repository.</summary>
[GenerateSerializer, Immutable, Alias("BlobLink")]
public sealed record BlobLink([property: Id(0)] string Digest, [property: Id(1)] long Size);
