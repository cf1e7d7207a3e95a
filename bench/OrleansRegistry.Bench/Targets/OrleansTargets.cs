using OrleansRegistry.Bench.Infrastructure;

namespace OrleansRegistry.Bench.Targets;

/// <summary>OrleansRegistry as docs/deployment.md runs it: the built gateway (and silo) DLLs as processes.</summary>
public sealed class OrleansTarget : RegistryTarget
{
    /// <summary>Information logging costs a line per request or upload; both registries run at warning level.</summary>
    private static readonly string[] Quiet = ["--Logging:LogLevel:Default=Warning"];

    /// <summary>Every gateway's address (the embedded registry's one address); the first is <see cref="RegistryTarget.BaseAddress"/>.</summary>
    public IReadOnlyList<Uri> Gateways { get; private set; } = [];

    /// <summary>The embedded default: one process, FileSystem driver and file grain storage under <paramref name="root"/>.</summary>
    /// <param name="settings">Extra configuration (<c>Registry:PullThrough:...</c>), as the command line gives it.</param>
    public static async Task<OrleansTarget> StartEmbeddedAsync(string root, IReadOnlyDictionary<string, string>? settings = null)
    {
        var embedded = RequireBuilt("Embedded");
        var port = Ports.Free();
        var target = new OrleansTarget { Name = "orleans", Description = "OrleansRegistry embedded (one process, FileSystem driver, file grain storage)" };
        target.BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        target.Gateways = [target.BaseAddress];
        var data = Path.Combine(root, "orleans-data");
        Directory.CreateDirectory(data);
        var child = ChildProcess.Start("orleans-embedded", "dotnet",
            [embedded, "--urls", $"http://127.0.0.1:{port}", $"--Registry:DataDirectory={data}", "--contentRoot", Path.GetDirectoryName(embedded)!, .. Quiet,
                .. (settings ?? new Dictionary<string, string>()).Select(setting => $"--{setting.Key}={setting.Value}")],
            new Dictionary<string, string?>(), Path.Combine(root, "orleans-embedded.log"));
        target.Children.Add(child);
        target.Processes.Add(new WatchedProcess("embedded", child.Id));
        // The catalog is a grain: it answers once the embedded silo is up.
        await target.WaitUntilServingAsync("/v2/_catalog", TimeSpan.FromSeconds(120));
        return target;
    }

    /// <summary>Cluster mode: one silo and <paramref name="gateways"/> gateways on Redis (membership, grain state) and S3 (blob bytes).</summary>
    /// <param name="settings">Extra configuration (<c>Registry:PullThrough:...</c>), given to every process.</param>
    public static async Task<OrleansTarget> StartClusterAsync(
        string root, S3Server s3, RedisServer redis, int gateways = 1, IReadOnlyDictionary<string, string>? settings = null)
    {
        var silo = RequireBuilt("Silo");
        var gateway = RequireBuilt("Gateway");
        var target = new OrleansTarget
        {
            Name = "orleans",
            Description = $"OrleansRegistry cluster (1 silo + {gateways} gateway{(gateways == 1 ? "" : "s")}, Redis, S3 driver on Ceph RGW)",
        };
        var shared = new Dictionary<string, string?>
        {
            ["Registry__Cluster__Redis"] = $"127.0.0.1:{redis.Port}",
            ["Registry__Cluster__ClusterId"] = "bench",
            ["Registry__Cluster__AdvertisedAddress"] = "127.0.0.1",
            ["Registry__Storage__Kind"] = "S3",
            ["Registry__Storage__S3__ServiceUrl"] = s3.Endpoint.ToString().TrimEnd('/'),
            ["Registry__Storage__S3__Bucket"] = "orleans-registry",
            ["Registry__Storage__S3__AccessKey"] = S3Server.AccessKey,
            ["Registry__Storage__S3__SecretKey"] = S3Server.SecretKey,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            shared[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var siloEnvironment = new Dictionary<string, string?>(shared)
        {
            ["Registry__Cluster__SiloPort"] = Ports.Free().ToString(),
            ["Registry__Cluster__GatewayPort"] = Ports.Free().ToString(),
        };
        var siloProcess = ChildProcess.Start("orleans-silo", "dotnet", [silo, "--contentRoot", Path.GetDirectoryName(silo)!],
            siloEnvironment, Path.Combine(root, "orleans-silo.log"));
        target.Children.Add(siloProcess);
        target.Processes.Add(new WatchedProcess("silo", siloProcess.Id));

        var addresses = new List<Uri>();
        for (var i = 0; i < gateways; i++)
        {
            var port = Ports.Free();
            addresses.Add(new Uri($"http://127.0.0.1:{port}/"));
            // Where the other gateways stream a blob this one fetches from a pull-through upstream.
            var gatewayEnvironment = new Dictionary<string, string?>(shared) { ["Registry__PullThrough__PeerUrl"] = $"http://127.0.0.1:{port}" };
            var gatewayProcess = ChildProcess.Start($"orleans-gateway{(i == 0 ? "" : i.ToString(System.Globalization.CultureInfo.InvariantCulture))}", "dotnet",
                [gateway, "--urls", $"http://127.0.0.1:{port}", "--contentRoot", Path.GetDirectoryName(gateway)!],
                gatewayEnvironment, Path.Combine(root, $"orleans-gateway{i}.log"));
            target.Children.Add(gatewayProcess);
            target.Processes.Add(new WatchedProcess("gateway", gatewayProcess.Id));
        }

        target.Gateways = addresses;
        foreach (var address in addresses)
        {
            target.BaseAddress = address;
            await target.WaitUntilServingAsync("/v2/_catalog", TimeSpan.FromSeconds(120));
        }

        target.BaseAddress = addresses[0];
        return target;
    }

    private static string RequireBuilt(string project)
    {
        var path = RepositoryRoot.Built(project);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is not built: dotnet build src/{project} -c {RepositoryRoot.Configuration}", path);
    }
}
