using OrleansRegistry.Core.Storage;
using OrleansRegistry.Gateway.Handlers;
using OrleansRegistry.Gateway.Http;
using OrleansRegistry.Gateway.Manifests;
using OrleansRegistry.Gateway.Security;
using OrleansRegistry.Gateway.Observability;
using OrleansRegistry.Gateway.Uploads;
using OrleansRegistry.Grains.Hosting;

namespace OrleansRegistry.Gateway.Hosting;

/// <summary>Builds the registry: the HTTP API and, in the embedded default, the silo in the same process.</summary>
public static class RegistryApplication
{
    public static WebApplication Build(string[] args)
    {
        // Settings ship beside the binary, while relative data paths stay relative to where the registry is run.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
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

        var mode = builder.Configuration["Registry:Mode"] ?? RegistryModes.Embedded;
        if (string.Equals(mode, RegistryModes.Embedded, StringComparison.OrdinalIgnoreCase))
        {
            builder.UseEmbeddedSilo();
        }
        else if (string.Equals(mode, RegistryModes.Cluster, StringComparison.OrdinalIgnoreCase))
        {
            builder.UseClusterClient();
        }
        else
        {
            throw new InvalidOperationException($"Registry:Mode is '{mode}'; it must be {RegistryModes.Embedded} or {RegistryModes.Cluster}.");
        }

        builder.Services.AddRegistryBlobStore(builder.Configuration);
        builder.Services.AddSingleton<ChunkWriter>();
        builder.Services.AddSingleton<ManifestContentCache>();
        builder.Services.AddSingleton<BlobHandler>();
        builder.Services.AddSingleton<UploadHandler>();
        builder.Services.AddSingleton<ManifestHandler>();
        builder.Services.AddSingleton<ListingHandler>();
        builder.Services.AddSingleton<ReferrersHandler>();
        builder.Services.AddSingleton<RegistryEndpoint>();
        builder.AddRegistryTelemetry();

        var app = builder.Build();
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
