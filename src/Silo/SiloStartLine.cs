using Microsoft.Extensions.Options;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.ServiceDefaults;

namespace OrleansRegistry.Silo;

/// <summary>The first thing an operator reads: where the silo is reached and checked, which cluster it is part of, where blobs go.</summary>
internal static partial class SiloStartLine
{
    public static void Log(IServiceProvider services)
    {
        var cluster = services.GetRequiredService<IOptions<RegistryClusterOptions>>().Value;
        var silo = services.GetRequiredService<ILocalSiloDetails>();
        Started(
            services.GetRequiredService<ILoggerFactory>().CreateLogger("OrleansRegistry.Silo"),
            silo.SiloAddress.Endpoint.ToString(),
            silo.GatewayAddress?.Endpoint.ToString() ?? "none",
            RegistryHost.ListenUrls(services),
            cluster.ClusterId,
            cluster.ServiceId,
            services.DescribeBlobStore(),
            ResumableSha256.Implementation);
    }

    [LoggerMessage(EventId = 1, EventName = "Started", Level = LogLevel.Information, Message = "OrleansRegistry cluster silo: silo-to-silo at {SiloEndpoint}, gateways connect to "
        + "{GatewayEndpoint}, operators to {OperationsUrls} (/healthz, /readyz, /metrics, /silos); cluster {ClusterId} (service {ServiceId}); blobs: {BlobStore}; SHA-256 by {Sha256}")]
    private static partial void Started(ILogger logger, string siloEndpoint, string gatewayEndpoint, string operationsUrls, string clusterId, string serviceId, string blobStore, string sha256);
}
