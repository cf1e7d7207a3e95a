using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace OrleansRegistry.Gateway.Observability;

internal static class TelemetryExtensions
{
    /// <summary>
    /// Metrics on <c>/metrics</c> (Prometheus text) and, where <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, metrics
    /// and traces over OTLP; <c>/healthz</c> for liveness and <c>/readyz</c> for readiness (a grain answers).
    /// </summary>
    public static void AddRegistryTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RegistryMetrics>();
        builder.Services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: ["ready"]);
        var otlp = !string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry();
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(RegistryMetrics.MeterName, "Microsoft.Orleans")
                .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0);
            if (otlp)
            {
                metrics.AddOtlpExporter();
            }
        });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddSource("Microsoft.Orleans.Application").AddOtlpExporter());
        }
    }

    public static void MapRegistryTelemetry(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new() { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new() { Predicate = check => check.Tags.Contains("ready") });
        app.MapPrometheusScrapingEndpoint("/metrics");
    }
}
