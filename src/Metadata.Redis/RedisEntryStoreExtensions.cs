using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace OrleansRegistry.Metadata.Redis;

public static class RedisEntryStoreExtensions
{
    /// <summary>
    /// Grain metadata in the Redis at <paramref name="connectionString"/>, under keys that start with
    /// <paramref name="keyPrefix"/> (the service id, so that several registries can share one Redis).
    /// </summary>
    public static IServiceCollection AddRedisEntryStore(this IServiceCollection services, string connectionString, string keyPrefix) =>
        services.AddSingleton<IEntryStore>(_ => new RedisEntryStore(ConnectionMultiplexer.Connect(connectionString), keyPrefix));
}
