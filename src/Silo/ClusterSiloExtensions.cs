using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Persistence;
using Orleans.Storage;
using OrleansRegistry.Grains;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Metadata.Redis;
using OrleansRegistry.ServiceDefaults;
using StackExchange.Redis;

namespace OrleansRegistry.Silo;

internal static class ClusterSiloExtensions
{
    /// <summary>A silo of a cluster: Redis membership, grain state as JSON in Redis, Redis reminders.</summary>
    public static ISiloBuilder UseRegistryCluster(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddOptions<RegistryClusterOptions>().Bind(configuration.GetSection(RegistryClusterOptions.Section)).ValidateOnStart();
        silo.Services.AddSingleton<IValidateOptions<RegistryClusterOptions>, RegistryClusterOptionsValidator>();
        // Orleans takes its cluster ids, endpoints and Redis while the host is built.
        var cluster = ValidatedSettings.Read(configuration, RegistryClusterOptions.Section, new RegistryClusterOptionsValidator());
        var redis = ConfigurationOptions.Parse(cluster.Redis!);
        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = cluster.ClusterId;
            options.ServiceId = cluster.ServiceId;
        });
        silo.ConfigureEndpoints(cluster.ResolveAdvertisedAddress(), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
        silo.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = cluster.ProbeTimeout;
            options.NumMissedProbesLimit = cluster.NumMissedProbesLimit;
            options.NumVotesForDeathDeclaration = cluster.NumVotesForDeathDeclaration;
            options.TableRefreshTimeout = cluster.TableRefreshTimeout;
            options.IAmAliveTablePublishTimeout = cluster.IAmAliveTablePublishTimeout;
        });
        silo.Configure<SiloMessagingOptions>(options => options.ClientDropTimeout = cluster.ClientDropTimeout);
        silo.UseRedisClustering(options => options.ConfigurationOptions = redis.Clone());
        // System.Text.Json, not the default Newtonsoft with $type names: renaming a class must not orphan state.
        silo.UseSystemTextJsonGrainStorageSerializer();
        silo.AddRedisGrainStorage(GrainStorageNames.Registry, options =>
        {
            options.ConfigurationOptions = redis.Clone();
            // Finished uploads clear their state; without this every one would leave an empty key behind.
            options.DeleteStateOnClear = true;
        });
        silo.Services.DecorateGrainStorage(GrainStorageNames.Registry);
        silo.UseRedisReminderService(options => options.ConfigurationOptions = redis.Clone());
        // Repositories, blobs and the catalog keep their entries in the same Redis, under the service's keys.
        silo.Services.AddRedisEntryStore(cluster.Redis!, $"{cluster.ServiceId}/");
        return silo;
    }

    /// <summary>
    /// Puts <see cref="ClientVisibleGrainStorage"/> around the named Redis storage. The Redis registration stays (its
    /// options and validation); only its keyed <see cref="IGrainStorage"/> is replaced, and the lifecycle participant
    /// it registered resolves that key, so the wrapper (which forwards the lifecycle) is what the silo starts.
    /// </summary>
    private static void DecorateGrainStorage(this IServiceCollection services, string name)
    {
        var registered = services.Where(d => d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, name)).ToList();
        if (registered.Count != 1)
        {
            throw new InvalidOperationException($"expected one grain storage named '{name}' to wrap, found {registered.Count}");
        }

        services.Remove(registered[0]);
        services.AddKeyedSingleton<IGrainStorage>(name, (provider, key) => new ClientVisibleGrainStorage(
            RedisGrainStorageFactory.Create(provider, (string)key!),
            provider.GetRequiredService<ILogger<ClientVisibleGrainStorage>>()));
    }
}
