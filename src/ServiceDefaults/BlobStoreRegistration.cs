using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrleansRegistry.Storage;
using OrleansRegistry.Storage.FileSystem;
using OrleansRegistry.Storage.S3;

namespace OrleansRegistry.ServiceDefaults;

public static class BlobStoreRegistration
{
    /// <summary>The storage driver that <c>Registry:Storage:Kind</c> names, shared by every host.</summary>
    public static IServiceCollection AddRegistryBlobStore(this IServiceCollection services, IConfiguration configuration)
    {
        var registry = configuration.GetSection(RegistryOptions.Section).Get<RegistryOptions>() ?? new RegistryOptions();
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        return storage.Kind switch
        {
            StorageKind.FileSystem => services.AddFileSystemBlobStore(storage.RootDirectory ?? Path.Combine(registry.DataDirectory, "storage")),
            StorageKind.S3 => services.AddS3BlobStore(configuration),
            _ => throw new InvalidOperationException($"{StorageOptions.Section}:Kind is '{storage.Kind}'; it must be one of: {string.Join(", ", Enum.GetNames<StorageKind>())}."),
        };
    }
}
