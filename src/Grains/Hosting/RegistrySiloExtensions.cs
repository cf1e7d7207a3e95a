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
    /// What every silo needs to host the registry's grains: the blob store and the expiry of idle uploads.
    /// Grain storage named <see cref="GrainStorageNames.Registry"/> is the host's choice.
    /// </summary>
    public static ISiloBuilder AddRegistryGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddRegistryBlobStore(configuration);
        silo.Services.Configure<UploadOptions>(configuration.GetSection(UploadOptions.Section));
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddHostedService<UploadExpiryService>();
        silo.AddIncomingGrainCallFilter<GrainExceptionFilter>();
        return silo;
    }

    /// <summary>Grain state as files under the data directory: the embedded registry's storage.</summary>
    public static ISiloBuilder AddRegistryFileGrainStorage(this ISiloBuilder silo, IConfiguration configuration)
    {
        var registry = configuration.GetSection(RegistryOptions.Section).Get<RegistryOptions>() ?? new RegistryOptions();
        var grainStateDirectory = registry.GrainStateDirectory ?? Path.Combine(registry.DataDirectory, "grains");
        silo.Services.AddKeyedSingleton<IGrainStorage>(GrainStorageNames.Registry, (_, _) => new FileGrainStorage(grainStateDirectory));
        return silo;
    }

    /// <summary>The configured storage driver, shared by the silo and, in the embedded registry, the gateway.</summary>
    public static IServiceCollection AddRegistryBlobStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(_ => BlobStoreFactory.Create(configuration));
        return services;
    }
}
