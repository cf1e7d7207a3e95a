using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using OrleansRegistry.Grains.Hosting;
using OrleansRegistry.Metadata.Sqlite;
using OrleansRegistry.ServiceDefaults;

namespace OrleansRegistry.Embedded.Hosting;

internal static class EmbeddedSiloExtensions
{
    /// <summary>The embedded default: a silo in this process with localhost clustering and state on local disk.</summary>
    public static void UseEmbeddedSilo(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmbeddedSiloOptions>().Bind(builder.Configuration.GetSection(EmbeddedSiloOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EmbeddedSiloOptions>, EmbeddedSiloOptionsValidator>();
        // Orleans takes its ports and the grain state directory while the host is built.
        var embedded = ValidatedSettings.Read(builder.Configuration, EmbeddedSiloOptions.Section, new EmbeddedSiloOptionsValidator());
        var registry = ValidatedSettings.Read(builder.Configuration, RegistryOptions.Section, new RegistryOptionsValidator());
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(PortOrFree(embedded.SiloPort), PortOrFree(embedded.GatewayPort));
            silo.AddRegistryGrains(builder.Configuration);
            silo.AddRegistryFileGrainStorage(registry.GrainStatePath);
        });
        // Repositories, blobs and the catalog keep their entries in one SQLite database beside the grain state.
        builder.Services.AddSqliteEntryStore(Path.Combine(registry.GrainStatePath, "metadata.db"));
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
