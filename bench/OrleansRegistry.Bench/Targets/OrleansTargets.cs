using OrleansRegistry.Bench.Infrastructure;

namespace OrleansRegistry.Bench.Targets;

/// <summary>OrleansRegistry as docs/deployment.md runs it: the built gateway (and silo) DLLs as processes.</summary>
public sealed class OrleansTarget : RegistryTarget
{
    /// <summary>Information logging costs a line per request or upload; both registries run at warning level.</summary>
    private static readonly string[] Quiet = ["--Logging:LogLevel:Default=Warning"];

    /// <summary>The embedded default: one process, FileSystem driver and file grain storage under <paramref name="root"/>.</summary>
    public static async Task<OrleansTarget> StartEmbeddedAsync(string root)
    {
        var embedded = RequireBuilt("Embedded");
        var port = Ports.Free();
        var target = new OrleansTarget { Name = "orleans", Description = "OrleansRegistry embedded (one process, FileSystem driver, file grain storage)" };
        target.BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        var data = Path.Combine(root, "orleans-data");
        Directory.CreateDirectory(data);
        var child = ChildProcess.Start("orleans-embedded", "dotnet",
            [embedded, "--urls", $"http://127.0.0.1:{port}", $"--Registry:DataDirectory={data}", "--contentRoot", Path.GetDirectoryName(embedded)!, .. Quiet],
            new Dictionary<string, string?>(), Path.Combine(root, "orleans-embedded.log"));
        target.Children.Add(child);
        target.Processes.Add(new WatchedProcess("embedded", child.Id));
        // The catalog is a grain: it answers once the embedded silo is up.
        await target.WaitUntilServingAsync("/v2/_catalog", TimeSpan.FromSeconds(120));
        return target;
    }

    /// <summary>Cluster mode: one silo and one gateway on Redis (membership, grain state) and S3 (blob bytes).</summary>
    public static async Task<OrleansTarget> StartClusterAsync(string root, S3Server s3, RedisServer redis)
    {
        var silo = RequireBuilt("Silo");
        var gateway = RequireBuilt("Gateway");
        var target = new OrleansTarget { Name = "orleans", Description = "OrleansRegistry cluster (1 silo + 1 gateway, Redis, S3 driver on Ceph RGW)" };
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
        var siloEnvironment = new Dictionary<string, string?>(shared)
        {
            ["Registry__Cluster__SiloPort"] = Ports.Free().ToString(),
            ["Registry__Cluster__GatewayPort"] = Ports.Free().ToString(),
        };
        var siloProcess = ChildProcess.Start("orleans-silo", "dotnet", [silo, "--contentRoot", Path.GetDirectoryName(silo)!],
            siloEnvironment, Path.Combine(root, "orleans-silo.log"));
        target.Children.Add(siloProcess);
        target.Processes.Add(new WatchedProcess("silo", siloProcess.Id));

        var port = Ports.Free();
        target.BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        var gatewayEnvironment = new Dictionary<string, string?>(shared);
        var gatewayProcess = ChildProcess.Start("orleans-gateway", "dotnet",
            [gateway, "--urls", $"http://127.0.0.1:{port}", "--contentRoot", Path.GetDirectoryName(gateway)!],
            gatewayEnvironment, Path.Combine(root, "orleans-gateway.log"));
        target.Children.Add(gatewayProcess);
        target.Processes.Add(new WatchedProcess("gateway", gatewayProcess.Id));
        await target.WaitUntilServingAsync("/v2/_catalog", TimeSpan.FromSeconds(120));
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
