using OrleansRegistry.Api.Handlers;
using OrleansRegistry.Api.Http;
using OrleansRegistry.Api.Observability;
using OrleansRegistry.Api.Security;
using OrleansRegistry.Application;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Api.Hosting;

/// <summary>
/// The registry's HTTP API in a host: its services, then its middleware and endpoints. The host brings the Orleans
/// side (an embedded silo or a cluster client) and the storage driver.
/// </summary>
public static class RegistryApiExtensions
{
    public static WebApplicationBuilder AddRegistryApi(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Blobs are gigabytes; the manifest endpoint bounds its own body.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.AddServerHeader = false;
        });
        if (!builder.Configuration.GetSection("urls").Exists() && Environment.GetEnvironmentVariable("ASPNETCORE_URLS") is null)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:5000");
        }

        var api = builder.Configuration.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new ApiOptions();
        api.Validate();
        builder.Services.Configure<ApiOptions>(builder.Configuration.GetSection(ApiOptions.Section));
        builder.AddRegistrySecurity();
        builder.Services.AddRegistryApplication(api.ManifestCacheBytes);
        builder.Services.AddSingleton<BlobHandler>();
        builder.Services.AddSingleton<UploadHandler>();
        builder.Services.AddSingleton<ManifestHandler>();
        builder.Services.AddSingleton<ListingHandler>();
        builder.Services.AddSingleton<ReferrersHandler>();
        builder.Services.AddSingleton<RegistryEndpoint>();
        builder.AddRegistryTelemetry();
        return builder;
    }

    public static WebApplication MapRegistryApi(this WebApplication app)
    {
        // A bad storage setting stops the registry now, with a message naming it, not at the first push.
        app.Services.GetRequiredService<IBlobStore>();
        // First, so that the access log sees every answer, errors included.
        app.UseHttpLogging();
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[RegistryHeaders.ApiVersion] = "registry/2.0";
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.UseRegistrySecurity();
        app.MapRegistryTelemetry();
        var endpoint = app.Services.GetRequiredService<RegistryEndpoint>();
        app.Map("/v2", endpoint.HandleAsync);
        app.Map("/v2/{**path}", endpoint.HandleAsync);
        return app;
    }
}
