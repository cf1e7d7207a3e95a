using Microsoft.Extensions.DependencyInjection;

namespace OrleansRegistry.Storage.FileSystem;

public static class FileSystemStorageExtensions
{
    /// <summary>
    /// Blobs in <paramref name="rootDirectory"/>, laid out as CNCF Distribution lays them out, and the rest of that
    /// directory's tree for reading (<see cref="IStorageTree"/>).
    /// </summary>
    public static IServiceCollection AddFileSystemBlobStore(this IServiceCollection services, string rootDirectory) =>
        services.AddSingleton(_ => new FileSystemBlobStore(rootDirectory))
            .AddSingleton<IBlobStore>(provider => provider.GetRequiredService<FileSystemBlobStore>())
            .AddSingleton<IStorageTree>(provider => provider.GetRequiredService<FileSystemBlobStore>());
}
