using Microsoft.AspNetCore.HttpLogging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using OrleansRegistry.Application.Observability;

namespace OrleansRegistry.Api.Observability;

internal static class TelemetryExtensions
{
    /// <summary>
    /// Metrics on <c>/metrics</c> (Prometheus text) and, where <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, metrics
    /// and traces over OTLP; <c>/healthz</c> for liveness and <c>/readyz</c> for readiness (a grain answers); and an
    /// access log, one entry per request, written when the log level of <c>Microsoft.AspNetCore.HttpLogging</c> is
    /// Information (it costs nothing while that level is off, as it is by default).
    /// </summary>
    public static void AddRegistryTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpLogging(options =>
        {
            // Method, path, status and duration only: headers and bodies carry credentials, tokens and blobs.
            options.LoggingFields = HttpLoggingFields.RequestMethod | HttpLoggingFields.RequestPath | HttpLoggingFields.RequestQuery
                | HttpLoggingFields.ResponseStatusCode | HttpLoggingFields.Duration;
            options.CombineLogs = true;
        });
        builder.Services.AddHttpLoggingInterceptor<AccessLogInterceptor>();
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
