using OrleansRegistry.Core.Storage;
using OrleansRegistry.Grains.Hosting;
using OrleansRegistry.Silo;

// A silo of a registry cluster: the grains, without the HTTP API, which gateways serve.
var builder = Host.CreateApplicationBuilder(args);
var cluster = builder.Configuration.GetSection(RegistryClusterOptions.Section).Get<RegistryClusterOptions>() ?? new RegistryClusterOptions();
builder.UseOrleans(silo =>
{
    silo.UseRegistryCluster(cluster);
    silo.AddRegistryGrains(builder.Configuration);
});
var host = builder.Build();
// A bad storage setting stops the silo now, with a message naming it, not at the first upload.
host.Services.GetRequiredService<IBlobStore>();
await host.RunAsync();
