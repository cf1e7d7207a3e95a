namespace OrleansRegistry.Grains.Catalog;

[GenerateSerializer, Alias("CatalogState")]
public sealed class CatalogState
{
    [Id(0)]
    public SortedSet<string> Repositories { get; set; } = new(LexicalOrder.Instance);
}
