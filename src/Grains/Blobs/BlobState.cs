namespace OrleansRegistry.Grains.Blobs;

/// <summary>
/// A blob's head: its size. The repositories that link it live in <see cref="RepositoryNameShard"/>s; the set here is
/// the layout before sharding, which an activation moves into the shards and empties.
/// </summary>
[GenerateSerializer, Alias("BlobState")]
public sealed class BlobState
{
    [Id(0)]
    public long? Size { get; set; }

    [Id(1)]
    public SortedSet<string> Links { get; set; } = new(StringComparer.Ordinal);
}
