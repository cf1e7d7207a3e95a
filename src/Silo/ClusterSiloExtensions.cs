using Orleans.Configuration;
using OrleansRegistry.Grains;
using OrleansRegistry.Grains.Hosting;
using StackExchange.Redis;

namespace OrleansRegistry.Silo;

internal static class ClusterSiloExtensions
{
    /// <summary>A silo of a cluster: Redis membership, grain state as JSON in Redis, Redis reminders.</summary>
    public static ISiloBuilder UseRegistryCluster(this ISiloBuilder silo, RegistryClusterOptions cluster)
    {
        cluster.Validate();
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
        });
        silo.UseRedisClustering(options => options.ConfigurationOptions = redis.Clone());
        // System.Text.Json, not the default Newtonsoft with $type names: renaming a class must not orphan state.
        silo.UseSystemTextJsonGrainStorageSerializer();
        silo.AddRedisGrainStorage(GrainStorageNames.Registry, options =>
        {
            options.ConfigurationOptions = redis.Clone();
            // Finished uploads clear their state; without this every one would leave an empty key behind.
            options.DeleteStateOnClear = true;
        });
        silo.UseRedisReminderService(options => options.ConfigurationOptions = redis.Clone());
        return silo;
    }
}
