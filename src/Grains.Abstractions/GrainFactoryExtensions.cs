using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions.Collection;
using OrleansRegistry.Grains.Abstractions.Import;
using OrleansRegistry.Grains.Abstractions.PullThrough;
using OrleansRegistry.Grains.Abstractions.Retention;

namespace OrleansRegistry.Grains.Abstractions;

/// <summary>The registry's grains by the typed values that key them.</summary>
public static class GrainFactoryExtensions
{
    public static IRepositoryGrain Repository(this IGrainFactory grains, RepositoryName name) => grains.GetGrain<IRepositoryGrain>(name.Value);

    public static IBlobGrain Blob(this IGrainFactory grains, Digest digest) => grains.GetGrain<IBlobGrain>(digest.ToString());

    public static IUploadSessionGrain UploadSession(this IGrainFactory grains, UploadId id) => grains.GetGrain<IUploadSessionGrain>(id.ToString());

    public static IUpstreamFetchGrain UpstreamFetch(this IGrainFactory grains, UpstreamFetchKey key) => grains.GetGrain<IUpstreamFetchGrain>(key.Value);

    /// <summary>The one garbage collector of the registry.</summary>
    public static ICollectorGrain Collector(this IGrainFactory grains) => grains.GetGrain<ICollectorGrain>(0);

    /// <summary>The one runner of the retention policies of the registry.</summary>
    public static IRetentionGrain Retention(this IGrainFactory grains) => grains.GetGrain<IRetentionGrain>(0);

    /// <summary>The one importer of the registry.</summary>
    public static IImporterGrain Importer(this IGrainFactory grains) => grains.GetGrain<IImporterGrain>(0);

    /// <summary>The one catalog of the registry.</summary>
    public static ICatalogGrain Catalog(this IGrainFactory grains) => grains.GetGrain<ICatalogGrain>(0);
}
