using Microsoft.Extensions.DependencyInjection;

namespace OrleansRegistry.Storage.FileSystem;

public static class FileSystemStorageExtensions
{
    /// <summary>Blobs in <paramref name="rootDirectory"/>, laid out as CNCF Distribution lays them out.</summary>
    public static IServiceCollection AddFileSystemBlobStore(this IServiceCollection services, string rootDirectory) =>
        services.AddSingleton<IBlobStore>(_ => new FileSystemBlobStore(rootDirectory));
}
