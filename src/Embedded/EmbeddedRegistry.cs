using OrleansRegistry.Api.Hosting;
using OrleansRegistry.Embedded.Hosting;
using OrleansRegistry.ServiceDefaults;

namespace OrleansRegistry.Embedded;

/// <summary>A complete registry in one process: the HTTP API and a silo, blobs and grain state on local disk.</summary>
public static class EmbeddedRegistry
{
    public static WebApplication Build(string[] args)
    {
        // Settings ship beside the binary, while relative data paths stay relative to where the registry is run.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.AddRegistryApi();
        builder.Services.AddRegistryBlobStore(builder.Configuration);
        builder.UseEmbeddedSilo();
        var app = builder.Build();
        app.MapRegistryApi();
        return app;
    }
}
