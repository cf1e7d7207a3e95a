using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansRegistry.Storage.S3;

public static class S3StorageExtensions
{
    /// <summary>Blobs in the S3 bucket that section <c>Registry:Storage:S3</c> of <paramref name="configuration"/> names.</summary>
    public static IServiceCollection AddS3BlobStore(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton<IBlobStore>(_ => new S3BlobStore(configuration.GetSection(S3StorageOptions.Section).Get<S3StorageOptions>() ?? new S3StorageOptions()));
}
