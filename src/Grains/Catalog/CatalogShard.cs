namespace OrleansRegistry.Grains.Catalog;

/// <summary>One shard of the catalog: the repository names that hash to it.</summary>
[GenerateSerializer, Alias("CatalogShard")]
public sealed class CatalogShard
{
    [Id(0)]
    public HashSet<string> Repositories { get; set; } = new(StringComparer.Ordinal);
}
