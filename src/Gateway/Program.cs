using OrleansRegistry.Api.Hosting;
using OrleansRegistry.Gateway.Hosting;
using OrleansRegistry.ServiceDefaults;

// A stateless gateway of a registry cluster: the HTTP API as an Orleans client of the silos.
return await RegistryHost.RunAsync(() =>
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.AddRegistryApi();
    builder.Services.AddRegistryBlobStore(builder.Configuration);
    builder.UseClusterClient();
    var app = builder.Build();
    app.MapRegistryApi();
    return app;
}, GatewayStartLine.Log);
