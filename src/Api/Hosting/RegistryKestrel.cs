using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using OrleansRegistry.Api.Security;

namespace OrleansRegistry.Api.Hosting;

/// <summary>The one place that sets up Kestrel for the registry: where it listens, its limits and its TLS certificate.</summary>
internal static class RegistryKestrel
{
    private const string DefaultUrl = "http://127.0.0.1:5000";

    public static void AddRegistryKestrel(this WebApplicationBuilder builder)
    {
        if (!builder.Configuration.GetSection("urls").Exists() && Environment.GetEnvironmentVariable("ASPNETCORE_URLS") is null)
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // From the validated settings, when Kestrel is created at start, so a bad limit is reported like any other setting.
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<LimitsOptions>, IOptions<TlsOptions>>(Configure);
    }

    private static void Configure(KestrelServerOptions kestrel, IOptions<LimitsOptions> limitsOptions, IOptions<TlsOptions> tlsOptions)
    {
        var limits = limitsOptions.Value;
        // Blobs are gigabytes; the manifest endpoint bounds its own body.
        kestrel.Limits.MaxRequestBodySize = null;
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxRequestHeadersTotalSize = limits.MaxRequestHeadersTotalSize;
        kestrel.Limits.MaxRequestHeaderCount = limits.MaxRequestHeaderCount;
        kestrel.Limits.MaxRequestLineSize = limits.MaxRequestLineSize;
        kestrel.Limits.RequestHeadersTimeout = limits.RequestHeadersTimeout;
        kestrel.Limits.KeepAliveTimeout = limits.KeepAliveTimeout;
        kestrel.Limits.MinRequestBodyDataRate = limits.MinRequestBodyDataRate > 0
            ? new MinDataRate(limits.MinRequestBodyDataRate, limits.MinRequestBodyDataRateGracePeriod)
            : null;
        kestrel.Limits.MaxConcurrentConnections = limits.MaxConcurrentConnections > 0 ? limits.MaxConcurrentConnections : null;

        var tls = tlsOptions.Value;
        if (tls.Enabled)
        {
            var certificate = tls.LoadCertificate();
            kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate);
            kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http1AndHttp2);
        }
    }
}
