namespace OrleansRegistry.Grains.Abstractions;

[GenerateSerializer, Immutable, Alias("UploadStatus")]
public sealed record UploadStatus([property: Id(0)] string UploadId, [property: Id(1)] string Repository, [property: Id(2)] long Offset);
