using Microsoft.Extensions.Options;
using OrleansRegistry.Api.Handlers;
using OrleansRegistry.Api.Http;
using OrleansRegistry.Api.Observability;
using OrleansRegistry.Api.Security;
using OrleansRegistry.Application;
using OrleansRegistry.Application.PullThrough;
using OrleansRegistry.Storage;
using OrleansRegistry.Upstream;

namespace OrleansRegistry.Api.Hosting;

/// <summary>
/// The registry's HTTP API in a host: its services, then its middleware and endpoints. The host brings the Orleans
/// side (an embedded silo or a cluster client) and the storage driver.
/// </summary>
public static class RegistryApiExtensions
{
    public static WebApplicationBuilder AddRegistryApi(this WebApplicationBuilder builder)
    {
        builder.AddRegistryKestrel();
        builder.Services.AddOptions<ApiOptions>().Bind(builder.Configuration.GetSection(ApiOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        builder.AddRegistrySecurity();
        builder.Services.AddUpstreams(builder.Configuration);
        builder.Services.AddRegistryApplication(services => services.GetRequiredService<IOptions<ApiOptions>>().Value.ManifestCacheBytes);
        builder.Services.AddSingleton<BlobHandler>();
        builder.Services.AddSingleton<UploadHandler>();
        builder.Services.AddSingleton<ManifestHandler>();
        builder.Services.AddSingleton<ListingHandler>();
        builder.Services.AddSingleton<ReferrersHandler>();
        builder.Services.AddSingleton<RegistryEndpoint>();
        builder.Services.AddSingleton<PeerTransferHandler>();
        builder.Services.AddSingleton<CollectionHandler>();
        builder.Services.AddSingleton<RetentionHandler>();
        builder.Services.AddSingleton<UsageHandler>();
        builder.Services.AddSingleton<ImportHandler>();
        builder.AddRegistryTelemetry();
        return builder;
    }

    public static WebApplication MapRegistryApi(this WebApplication app)
    {
        // The storage driver is created now: a data directory it cannot create stops the registry, not the first push.
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
        // Before security: a dot segment is refused the same whoever asks, and before anyone's rights are looked up.
        app.UseMiddleware<DotSegmentMiddleware>();
        app.UseRegistrySecurity();
        app.MapRegistryTelemetry();
        var endpoint = app.Services.GetRequiredService<RegistryEndpoint>();
        app.Map("/v2", endpoint.HandleAsync);
        app.Map("/v2/{**path}", endpoint.HandleAsync);
        var peers = app.Services.GetRequiredService<PeerTransferHandler>();
        app.MapGet(PeerTransfers.PathPrefix + "{id:guid}", (HttpContext context, Guid id) => peers.GetAsync(context, id));
        var collection = app.Services.GetRequiredService<CollectionHandler>();
        app.MapPost(CollectionHandler.Path, collection.StartAsync);
        app.MapGet(CollectionHandler.Path, collection.GetAsync);
        var retention = app.Services.GetRequiredService<RetentionHandler>();
        app.MapPost(RetentionHandler.Path, retention.StartAsync);
        app.MapGet(RetentionHandler.Path, retention.GetAsync);
        app.MapGet(UsageHandler.Path, app.Services.GetRequiredService<UsageHandler>().GetAsync);
        var import = app.Services.GetRequiredService<ImportHandler>();
        app.MapPost(ImportHandler.Path, import.StartAsync);
        app.MapGet(ImportHandler.Path, import.GetAsync);
        return app;
    }
}
