using OrleansRegistry.Grains.Hosting;
using OrleansRegistry.ServiceDefaults;
using OrleansRegistry.Silo;
using OrleansRegistry.Silo.Operations;
using OrleansRegistry.Storage;

// A silo of a registry cluster: the grains, without the HTTP API, which gateways serve. Its own HTTP port serves
// health, readiness, metrics and the cluster's silos to operators.
return await RegistryHost.RunAsync(() =>
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
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
    builder.AddSiloOperations();
    var app = builder.Build();
    // The storage driver is created now: one that cannot start stops the silo, not the first upload.
    app.Services.GetRequiredService<IBlobStore>();
    app.MapSiloOperations();
    return app;
}, SiloStartLine.Log);

static bool RunsInKubernetesPod() =>
    Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST") is not null && Environment.GetEnvironmentVariable("POD_NAME") is not null;
