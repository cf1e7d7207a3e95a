using OrleansRegistry.Grains.Hosting;
using OrleansRegistry.ServiceDefaults;
using OrleansRegistry.Silo;
using OrleansRegistry.Storage;

// A silo of a registry cluster: the grains, without the HTTP API, which gateways serve.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.UseOrleans(silo =>
{
    silo.UseRegistryCluster(builder.Configuration);
    if (RunsInKubernetesPod())
    {
        // Cluster ids from the pod's labels, the pod IP as the silo's address, and pods of dead silos deleted.
        silo.UseKubernetesHosting();
    }

    silo.AddRegistryGrains(builder.Configuration);
});
builder.Services.AddRegistryBlobStore(builder.Configuration);
var host = builder.Build();
// A bad storage setting stops the silo now, with a message naming it, not at the first upload.
host.Services.GetRequiredService<IBlobStore>();
await host.RunAsync();

static bool RunsInKubernetesPod() =>
    Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST") is not null && Environment.GetEnvironmentVariable("POD_NAME") is not null;
