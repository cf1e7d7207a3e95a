using OrleansRegistry.Grains.Hosting;
using OrleansRegistry.ServiceDefaults;
using OrleansRegistry.Silo;
using OrleansRegistry.Storage;

// A silo of a registry cluster: the grains, without the HTTP API, which gateways serve.
return await RegistryHost.RunAsync(() =>
{
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
    // The storage driver is created now: one that cannot start stops the silo, not the first upload.
    host.Services.GetRequiredService<IBlobStore>();
    return host;
}, SiloStartLine.Log);

static bool RunsInKubernetesPod() =>
    Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST") is not null && Environment.GetEnvironmentVariable("POD_NAME") is not null;
