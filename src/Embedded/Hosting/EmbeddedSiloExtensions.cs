using System.Net;
using System.Net.Sockets;
using OrleansRegistry.Grains.Hosting;
using OrleansRegistry.ServiceDefaults;

namespace OrleansRegistry.Embedded.Hosting;

internal static class EmbeddedSiloExtensions
{
    /// <summary>The embedded default: a silo in this process with localhost clustering and state on local disk.</summary>
    public static void UseEmbeddedSilo(this IHostApplicationBuilder builder)
    {
        var embedded = builder.Configuration.GetSection(EmbeddedSiloOptions.Section).Get<EmbeddedSiloOptions>() ?? new EmbeddedSiloOptions();
        var registry = builder.Configuration.GetSection(RegistryOptions.Section).Get<RegistryOptions>() ?? new RegistryOptions();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(PortOrFree(embedded.SiloPort), PortOrFree(embedded.GatewayPort));
            silo.AddRegistryGrains(builder.Configuration);
            silo.AddRegistryFileGrainStorage(registry.GrainStateDirectory ?? Path.Combine(registry.DataDirectory, "grains"));
        });
    }

    private static int PortOrFree(int configured)
    {
        if (configured != 0)
        {
            return configured;
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
