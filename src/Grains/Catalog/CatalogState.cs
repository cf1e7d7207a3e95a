namespace OrleansRegistry.Grains.Catalog;

/// <summary>
/// The catalog's head. Repository names live in <see cref="RepositoryNameShard"/>s; the set here is the layout before
/// sharding, which an activation moves into the shards and empties.
/// </summary>
[GenerateSerializer, Alias("CatalogState")]
public sealed class CatalogState
{
    [Id(0)]
    public SortedSet<string> Repositories { get; set; } = new(LexicalOrder.Instance);
}
