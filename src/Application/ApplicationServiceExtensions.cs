using Microsoft.Extensions.DependencyInjection;
using OrleansRegistry.Application.Blobs;
using OrleansRegistry.Application.Lifecycle;
using OrleansRegistry.Application.Listing;
using OrleansRegistry.Application.Manifests;
using OrleansRegistry.Application.Observability;
using OrleansRegistry.Application.PullThrough;
using OrleansRegistry.Application.Storage;
using OrleansRegistry.Application.Uploads;
using OrleansRegistry.Application.Usage;
using OrleansRegistry.Storage;
using OrleansRegistry.Upstream;

namespace OrleansRegistry.Application;

public static class ApplicationServiceExtensions
{
    /// <summary>
    /// The application services over the grains (an <see cref="IGrainFactory"/>), the storage driver (an
    /// <see cref="IBlobStore"/>) and the upstreams of the pull-through cache (<see cref="UpstreamServiceExtensions.AddUpstreams"/>),
    /// which the host registers.
    /// </summary>
    /// <param name="manifestCacheBytes">Memory for manifests kept by digest in this process, from its settings.</param>
    public static IServiceCollection AddRegistryApplication(this IServiceCollection services, Func<IServiceProvider, long> manifestCacheBytes)
    {
        services.AddSingleton<RegistryMetrics>();
        services.AddSingleton<ContentCommits>();
        services.AddSingleton<ActiveChunkWrites>();
        services.AddSingleton<ChunkWriter>();
        services.AddSingleton<UploadService>();
        services.AddSingleton<BlobService>();
        services.AddSingleton(provider => new ManifestContentCache(provider.GetRequiredService<IBlobStore>(), manifestCacheBytes(provider)));
        services.AddSingleton<ManifestService>();
        services.AddSingleton<ListingService>();
        services.AddSingleton<CollectionService>();
        services.AddSingleton<RetentionService>();
        services.AddSingleton<UsageService>();
        services.AddSingleton<ImportService>();
        services.AddSingleton<PullThroughMetrics>();
        services.AddSingleton<SingleFlight>();
        services.AddSingleton<IUpstreamTokenCache, GrainUpstreamTokens>();
        services.AddSingleton<CachedManifests>();
        services.AddSingleton<BlobTransfers>();
        services.AddSingleton<PeerTransfers>();
        services.AddHttpClient(PeerTransfers.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(5) });
        services.AddSingleton<CachedBlobs>();
        return services;
    }
}
