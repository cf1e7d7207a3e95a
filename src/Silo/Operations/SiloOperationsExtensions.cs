using OpenTelemetry.Metrics;

namespace OrleansRegistry.Silo.Operations;

/// <summary>
/// What an operator sees of a silo, on its own HTTP port (<c>--urls</c>, by default every address on port 8080):
/// <c>/healthz</c> (alive), <c>/readyz</c> (joined the cluster and Active; the metadata store and the blob store
/// answer), <c>/metrics</c> (Prometheus text: Orleans' runtime, grains, calls and storage, the .NET runtime, and the
/// cluster's silos by status) and <c>/silos</c> (the cluster's membership).
/// </summary>
internal static class SiloOperationsExtensions
{
    private const string DefaultUrl = "http://0.0.0.0:8080";

    // A check that does not answer within this is failed: a probe must not hang on a dependency that hangs.
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static WebApplicationBuilder AddSiloOperations(this WebApplicationBuilder builder)
    {
        // Unless --urls, ASPNETCORE_URLS or the container images' ASPNETCORE_HTTP_PORTS say otherwise: setting both
        // would make Kestrel warn at start that one overrides the other.
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddHealthChecks()
            .AddCheck<MembershipHealthCheck>("membership", tags: ["ready"], timeout: CheckTimeout)
            .AddCheck<MetadataStoreHealthCheck>("metadata-store", tags: ["ready"], timeout: CheckTimeout)
            .AddCheck<BlobStoreHealthCheck>("blob-store", tags: ["ready"], timeout: CheckTimeout);
        builder.Services.AddSingleton<MembershipMetrics>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddRuntimeInstrumentation()
            // Orleans' own instruments (grains by type, call latency, storage errors, messaging) and the registry's.
            .AddMeter("Microsoft.Orleans", "OrleansRegistry.*")
            .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0));
        return builder;
    }

    public static WebApplication MapSiloOperations(this WebApplication app)
    {
        // Created now, so that its gauge is there from the first scrape.
        app.Services.GetRequiredService<MembershipMetrics>();
        app.MapHealthChecks("/healthz", new() { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new() { Predicate = check => check.Tags.Contains("ready") });
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapGet("/silos", ClusterSilos.ListAsync);
        return app;
    }
}
