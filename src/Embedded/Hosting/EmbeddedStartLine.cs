using Microsoft.Extensions.Options;
using OrleansRegistry.Api.Security;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.ServiceDefaults;

namespace OrleansRegistry.Embedded.Hosting;

/// <summary>The first thing an operator reads: where the registry listens, where its data goes, and who may use it.</summary>
internal static partial class EmbeddedStartLine
{
    public static void Log(IServiceProvider services)
    {
        var registry = services.GetRequiredService<IOptions<RegistryOptions>>().Value;
        Started(
            services.GetRequiredService<ILoggerFactory>().CreateLogger("OrleansRegistry.Embedded"),
            RegistryHost.ListenUrls(services),
            registry.DataPath,
            services.DescribeBlobStore(),
            registry.GrainStatePath,
            services.GetRequiredService<IOptions<AuthOptions>>().Value.Kind,
            ResumableSha256.Implementation);
    }

    [LoggerMessage(EventId = 1, EventName = "Started", Level = LogLevel.Information, Message = "OrleansRegistry embedded: listening on {Urls}; data in {DataDirectory} "
        + "(blobs: {BlobStore}; grain state: {GrainStateDirectory}); auth {AuthKind}; SHA-256 by {Sha256}")]
    private static partial void Started(ILogger logger, string urls, string dataDirectory, string blobStore, string grainStateDirectory, AuthKind authKind, string sha256);
}
