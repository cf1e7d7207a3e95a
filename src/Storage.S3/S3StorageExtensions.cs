using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OrleansRegistry.Storage.S3;

public static class S3StorageExtensions
{
    /// <summary>
    /// Blobs in the S3 bucket that section <c>Registry:Storage:S3</c> of <paramref name="configuration"/> names, and
    /// the rest of the bucket for reading (<see cref="IStorageTree"/>).
    /// </summary>
    public static IServiceCollection AddS3BlobStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<S3StorageOptions>().Bind(configuration.GetSection(S3StorageOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<S3StorageOptions>, S3StorageOptionsValidator>();
        return services.AddSingleton(provider => new S3BlobStore(provider.GetRequiredService<IOptions<S3StorageOptions>>().Value))
            .AddSingleton<IBlobStore>(provider => provider.GetRequiredService<S3BlobStore>())
            .AddSingleton<IStorageTree>(provider => provider.GetRequiredService<S3BlobStore>());
    }
}
