using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Storage;
using OrleansRegistry.Core.Storage;
using OrleansRegistry.Grains.Persistence;
using OrleansRegistry.Grains.Uploads;

namespace OrleansRegistry.Grains.Hosting;

public static class RegistrySiloExtensions
{
    /// <summary>
    /// Everything a silo needs to host the registry's grains: the blob store, grain storage on local disk and
    /// the expiry of idle uploads.
    /// </summary>
    public static ISiloBuilder AddRegistryGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        var registry = configuration.GetSection(RegistryOptions.Section).Get<RegistryOptions>() ?? new RegistryOptions();
        silo.Services.AddRegistryBlobStore(configuration);
        silo.Services.Configure<UploadOptions>(configuration.GetSection(UploadOptions.Section));
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddHostedService<UploadExpiryService>();
        var grainStateDirectory = registry.GrainStateDirectory ?? Path.Combine(registry.DataDirectory, "grains");
        silo.Services.AddKeyedSingleton<IGrainStorage>(GrainStorageNames.Registry, (_, _) => new FileGrainStorage(grainStateDirectory));
        return silo;
    }

    /// <summary>The configured storage driver, shared by the silo and, in the embedded registry, the gateway.</summary>
    public static IServiceCollection AddRegistryBlobStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<IBlobStore>(_ =>
        {
            var registry = configuration.GetSection(RegistryOptions.Section).Get<RegistryOptions>() ?? new RegistryOptions();
            var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
            return BlobStoreFactory.Create(storage, registry.DataDirectory);
        });
        return services;
    }
}
