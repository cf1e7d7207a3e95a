using Microsoft.Extensions.Configuration;
using OrleansRegistry.Core.Storage;
using OrleansRegistry.Core.Storage.FileSystem;
using OrleansRegistry.Storage.S3;

namespace OrleansRegistry.Grains.Hosting;

public static class BlobStoreFactory
{
    /// <summary>Builds the configured driver, or fails with a message that names the setting at fault.</summary>
    public static IBlobStore Create(IConfiguration configuration)
    {
        var registry = configuration.GetSection(RegistryOptions.Section).Get<RegistryOptions>() ?? new RegistryOptions();
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        if (string.Equals(storage.Kind, StorageKinds.FileSystem, StringComparison.OrdinalIgnoreCase))
        {
            return new FileSystemBlobStore(storage.RootDirectory ?? Path.Combine(registry.DataDirectory, "storage"));
        }

        if (string.Equals(storage.Kind, StorageKinds.S3, StringComparison.OrdinalIgnoreCase))
        {
            return new S3BlobStore(configuration.GetSection(S3StorageOptions.Section).Get<S3StorageOptions>() ?? new S3StorageOptions());
        }

        throw new InvalidOperationException(
            $"{StorageOptions.Section}:Kind is '{storage.Kind}'; it must be one of: {string.Join(", ", StorageKinds.All)}.");
    }
}
