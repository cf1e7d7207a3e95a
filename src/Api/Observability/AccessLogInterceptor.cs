using Microsoft.AspNetCore.HttpLogging;
using OrleansRegistry.Api.Security;

namespace OrleansRegistry.Api.Observability;

/// <summary>
/// Shapes the access log (ASP.NET Core's HTTP logging, one entry per request): adds who called and from where,
/// so that the log answers who pushed or deleted what, and for a pull of a cached repository whether the
/// cache served it (<see cref="CacheLog"/>), and leaves out health probes and metric scrapes.
/// </summary>
internal sealed class AccessLogInterceptor : IHttpLoggingInterceptor
{
    public ValueTask OnRequestAsync(HttpLoggingInterceptorContext logContext)
    {
        var path = logContext.HttpContext.Request.Path;
        if (path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments("/metrics"))
        {
            logContext.LoggingFields = HttpLoggingFields.None;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask OnResponseAsync(HttpLoggingInterceptorContext logContext)
    {
        if (logContext.LoggingFields == HttpLoggingFields.None)
        {
            return ValueTask.CompletedTask;
        }

        var context = logContext.HttpContext;
        logContext.AddParameter("User", RegistryCaller.Of(context).Name ?? "-");
        logContext.AddParameter("Client", context.Connection.RemoteIpAddress?.ToString() ?? "-");
        if (CacheLog.Of(context) is { } cache)
        {
            logContext.AddParameter("Cache", cache);
        }
        return ValueTask.CompletedTask;
    }
}
