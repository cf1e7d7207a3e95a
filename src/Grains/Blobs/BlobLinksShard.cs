namespace OrleansRegistry.Grains.Blobs;

/// <summary>One shard of a blob's links: the repositories linking it whose names hash to this shard.</summary>
[GenerateSerializer, Alias("BlobLinksShard")]
public sealed class BlobLinksShard
{
    [Id(0)]
    public HashSet<string> Repositories { get; set; } = new(StringComparer.Ordinal);
}
