namespace OrleansRegistry.Grains.Blobs;

[GenerateSerializer, Alias("BlobState")]
public sealed class BlobState
{
    [Id(0)]
    public long? Size { get; set; }

    /// <summary>Repositories that link this blob.</summary>
    [Id(1)]
    public SortedSet<string> Links { get; set; } = new(StringComparer.Ordinal);
}
