namespace OrleansRegistry.Grains.Blobs;

/// <summary>A blob's head: its size. The repositories that link it live in <see cref="RepositoryNameShard"/>s.</summary>
[GenerateSerializer, Alias("BlobState")]
public sealed class BlobState
{
    [Id(0)]
    public long? Size { get; set; }
}
