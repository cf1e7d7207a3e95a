using Microsoft.Extensions.Options;
using OrleansRegistry.Api.Security;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.ServiceDefaults;

namespace OrleansRegistry.Gateway.Hosting;

/// <summary>The first thing an operator reads: where the gateway listens, which cluster it serves, and who may use it.</summary>
internal static partial class GatewayStartLine
{
    public static void Log(IServiceProvider services)
    {
        var cluster = services.GetRequiredService<IOptions<RegistryClusterOptions>>().Value;
        Started(
            services.GetRequiredService<ILoggerFactory>().CreateLogger("OrleansRegistry.Gateway"),
            RegistryHost.ListenUrls(services),
            cluster.ClusterId,
            cluster.ServiceId,
            services.DescribeBlobStore(),
            services.GetRequiredService<IOptions<AuthOptions>>().Value.Kind,
            ResumableSha256.Implementation);
    }

    [LoggerMessage(EventId = 1, EventName = "Started", Level = LogLevel.Information, Message = "OrleansRegistry cluster gateway: listening on {Urls}; cluster {ClusterId} "
        + "(service {ServiceId}); blobs: {BlobStore}; auth {AuthKind}; SHA-256 by {Sha256}")]
    private static partial void Started(ILogger logger, string urls, string clusterId, string serviceId, string blobStore, AuthKind authKind, string sha256);
}
