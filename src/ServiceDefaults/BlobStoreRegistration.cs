using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansRegistry.Storage;
using OrleansRegistry.Storage.FileSystem;
using OrleansRegistry.Storage.S3;

namespace OrleansRegistry.ServiceDefaults;

public static class BlobStoreRegistration
{
    /// <summary>The storage driver that <c>Registry:Storage:Kind</c> names, shared by every host.</summary>
    public static IServiceCollection AddRegistryBlobStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RegistryOptions>().Bind(configuration.GetSection(RegistryOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RegistryOptions>, RegistryOptionsValidator>();
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        // Which driver to register is decided now.
        var storage = ValidatedSettings.Read(configuration, StorageOptions.Section, new StorageOptionsValidator());
        if (storage.Kind == StorageKind.S3)
        {
            return services.AddS3BlobStore(configuration);
        }

        var registry = ValidatedSettings.Read(configuration, RegistryOptions.Section, new RegistryOptionsValidator());
        return services.AddFileSystemBlobStore(FileSystemRoot(registry, storage));
    }

    /// <summary>Where blob bytes go, for the line a host logs at start: the FileSystem root, or the S3 endpoint and bucket.</summary>
    public static string DescribeBlobStore(this IServiceProvider services)
    {
        var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        if (storage.Kind == StorageKind.FileSystem)
        {
            return $"FileSystem at {FileSystemRoot(services.GetRequiredService<IOptions<RegistryOptions>>().Value, storage)}";
        }

        var s3 = services.GetRequiredService<IOptions<S3StorageOptions>>().Value;
        return $"S3 bucket '{s3.Bucket}' at {(string.IsNullOrEmpty(s3.ServiceUrl) ? $"AWS ({s3.Region})" : s3.ServiceUrl)}";
    }

    private static string FileSystemRoot(RegistryOptions registry, StorageOptions storage) =>
        Path.GetFullPath(storage.RootDirectory ?? Path.Combine(registry.DataDirectory, "storage"));
}
