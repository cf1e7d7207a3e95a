using OrleansRegistry.Grains.Hosting;

// A silo on its own: the grains without the HTTP API. Cluster mode (Redis membership) builds on this host.
var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo =>
{
    var siloPort = builder.Configuration.GetValue("Orleans:SiloPort", 11111);
    var gatewayPort = builder.Configuration.GetValue("Orleans:GatewayPort", 30000);
    silo.UseLocalhostClustering(siloPort, gatewayPort);
    silo.AddRegistryGrains(builder.Configuration);
});
await builder.Build().RunAsync();
