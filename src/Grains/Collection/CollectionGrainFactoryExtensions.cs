namespace OrleansRegistry.Grains.Collection;

/// <summary>The collector's own grains, by the key that makes each one per cluster.</summary>
internal static class CollectionGrainFactoryExtensions
{
    public static ICollectionQueueGrain CollectionQueue(this IGrainFactory grains) => grains.GetGrain<ICollectionQueueGrain>(0);
}
