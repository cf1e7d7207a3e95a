using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansRegistry.ServiceDefaults;
using StackExchange.Redis;

namespace OrleansRegistry.Gateway.Hosting;

internal static class ClusterClientExtensions
{
    /// <summary>A stateless gateway: an Orleans client that finds the cluster's silos through Redis.</summary>
    public static void UseClusterClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RegistryClusterOptions>().Bind(builder.Configuration.GetSection(RegistryClusterOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RegistryClusterOptions>, RegistryClusterOptionsValidator>();
        // The Orleans client takes its cluster ids and Redis while the host is built.
        var cluster = ValidatedSettings.Read(builder.Configuration, RegistryClusterOptions.Section, new RegistryClusterOptionsValidator());
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = cluster.ClusterId;
                options.ServiceId = cluster.ServiceId;
            });
            // Gateways learn of dead and new silos quickly, so requests stop going to a silo that is gone.
            client.Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = cluster.GatewayListRefreshPeriod);
            client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = cluster.ResponseTimeout);
            client.UseRedisClustering(options => options.ConfigurationOptions = ConfigurationOptions.Parse(cluster.Redis!));
            client.UseConnectionRetryFilter<WaitForClusterFilter>();
            client.AddOutgoingGrainCallFilter<TransientFailureRetryFilter>();
        });
    }

    /// <summary>A gateway may start before any silo; it waits for the cluster rather than failing.</summary>
    private sealed class WaitForClusterFilter(ILogger<WaitForClusterFilter> logger) : IClientConnectionRetryFilter
    {
        public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
        {
            logger.LogWarning("No silo of the cluster answered ({Message}); retrying in 2 s", exception.Message);
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            return true;
        }
    }
}
