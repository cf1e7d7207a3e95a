using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Hosting;
using OrleansRegistry.Metadata;
using OrleansRegistry.Metadata.Sqlite;
using OrleansRegistry.Storage.FileSystem;

namespace OrleansRegistry.Grains.Tests.Infrastructure;

/// <summary>
/// An in-process cluster of one registry silo on a data directory, and the blob store a gateway would use
/// beside it (the same directory, so the bytes a test writes are the bytes the grains commit).
/// </summary>
internal sealed class RegistryCluster : IAsyncDisposable
{
    private readonly InProcessTestCluster _cluster;

    private RegistryCluster(InProcessTestCluster cluster, string dataDirectory)
    {
        _cluster = cluster;
        DataDirectory = dataDirectory;
        Store = new FileSystemBlobStore(Path.Combine(dataDirectory, "storage"));
    }

    public string DataDirectory { get; }

    public IClusterClient Client => _cluster.Client;

    public IGrainFactory Grains => _cluster.Client;

    public FileSystemBlobStore Store { get; }

    public IServiceProvider ClientServices => _cluster.Client.ServiceProvider;

    /// <summary>Starts a silo whose grains keep their state and blobs under <paramref name="dataDirectory"/>.</summary>
    /// <param name="entries">Puts something between the grains and their metadata store, e.g. a failure.</param>
    /// <param name="settings">Settings over the test defaults, e.g. the collector's grace periods.</param>
    public static async Task<RegistryCluster> StartAsync(
        string dataDirectory, Func<IEntryStore, IEntryStore>? entries = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                // Leases and idle uploads must not lapse while a test runs, however slow the machine: tests that
                // need expiry pass their own timeout to ExpireIfIdleAsync instead of waiting.
                ["Registry:Uploads:WriteLeaseTimeout"] = "01:00:00",
                ["Registry:Uploads:IdleTimeout"] = "1.00:00:00",
                ["Registry:Uploads:ExpiryScanInterval"] = "1.00:00:00",
                // Collections and retention runs happen when a test starts them.
                ["Registry:Collection:Enabled"] = "false",
                ["Registry:Retention:Enabled"] = "false",
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();

        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddFileSystemBlobStore(Path.Combine(dataDirectory, "storage"));
            silo.AddRegistryGrains(configuration);
            silo.AddRegistryFileGrainStorage(Path.Combine(dataDirectory, "grains"));
            silo.Services.AddSingleton(_ => new SqliteEntryStore(Path.Combine(dataDirectory, "grains", "metadata.db")));
            silo.Services.AddSingleton<IEntryStore>(services =>
                entries is null ? services.GetRequiredService<SqliteEntryStore>() : entries(services.GetRequiredService<SqliteEntryStore>()));
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new RegistryCluster(cluster, dataDirectory);
    }

    /// <summary>Stops the silo and the client; the data directory stays for another cluster to start on.</summary>
    public async ValueTask DisposeAsync()
    {
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }
}
