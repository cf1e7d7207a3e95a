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
await builder.Build().RunAsync();
