using OrleansRegistry.Core.Digests;

namespace OrleansRegistry.Grains.Abstractions;

/// <summary>A blob linked to a repository: its digest and size.</summary>
[GenerateSerializer, Immutable, Alias("BlobLink")]
public sealed record BlobLink([property: Id(0)] Digest Digest, [property: Id(1)] long Size);
