using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Grains.Abstractions;

/// <summary>Where an upload stands: how many bytes were accepted, so where the next chunk starts.</summary>
[GenerateSerializer, Immutable, Alias("UploadStatus")]
public sealed record UploadStatus([property: Id(0)] UploadId UploadId, [property: Id(1)] RepositoryName Repository, [property: Id(2)] long Offset);
