using OrleansRegistry.Bench.Infrastructure;

namespace OrleansRegistry.Bench.Targets;

/// <summary>
/// CNCF Distribution 2.8 (Debian's docker-registry), started with a configuration written here: the filesystem
/// driver, or the S3 driver on the same RGW as ours. Logging is at error level and the access log off, as ours
/// logs only warnings; the blob descriptor cache is in memory, as in Distribution's own sample configuration.
/// </summary>
public sealed class DistributionTarget : RegistryTarget
{
    /// <param name="root">Its own directory: data, configuration and log are written there under fixed names.</param>
    /// <param name="proxyOf">Runs it in proxy mode (a pull-through cache of that registry), on the filesystem driver.</param>
    public static async Task<DistributionTarget> StartAsync(string root, int maxCatalogEntries, S3Server? s3 = null, Uri? proxyOf = null)
    {
        var binary = FindBinary() ?? throw new FileNotFoundException(
            "docker-registry is not installed: apt-get install -y --no-install-recommends docker-registry");
        var port = Ports.Free();
        var debugPort = Ports.Free();
        var storage = s3 is null
            ? $"""
                filesystem:
                  rootdirectory: {Path.Combine(root, "distribution-data")}
              """
            : $"""
                s3:
                  accesskey: {S3Server.AccessKey}
                  secretkey: {S3Server.SecretKey}
                  region: us-east-1
                  regionendpoint: {s3.Endpoint.ToString().TrimEnd('/')}
                  forcepathstyle: true
                  bucket: distribution
                  secure: false
                  v4auth: true
                  rootdirectory: /
                redirect:
                  disable: true
              """;
        var config = $"""
            version: 0.1
            log:
              level: error
              accesslog:
                disabled: true
            storage:
            {storage}
              delete:
                enabled: true
              cache:
                blobdescriptor: inmemory
              maintenance:
                uploadpurging:
                  enabled: false
            http:
              addr: 127.0.0.1:{port}
              debug:
                addr: 127.0.0.1:{debugPort}
            catalog:
              maxentries: {maxCatalogEntries}
            """ + (proxyOf is null ? "" : $"""

            proxy:
              remoteurl: {proxyOf.ToString().TrimEnd('/')}
            """);
        var configPath = Path.Combine(root, s3 is null ? "distribution-filesystem.yml" : "distribution-s3.yml");
        await File.WriteAllTextAsync(configPath, config);
        if (s3 is not null)
        {
            await s3.CreateBucketAsync("distribution");
        }

        var target = new DistributionTarget
        {
            Name = "distribution",
            Description = (s3 is null ? "CNCF Distribution 2.8 (docker-registry), filesystem driver" : "CNCF Distribution 2.8 (docker-registry), S3 driver on Ceph RGW")
                + (proxyOf is null ? "" : ", proxy mode"),
        };
        target.BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        // Its S3 driver panics at start when AWS_CA_BUNDLE is set, even with the filesystem driver.
        var child = ChildProcess.Start("distribution", binary, ["serve", configPath],
            new Dictionary<string, string?> { ["AWS_CA_BUNDLE"] = null }, Path.Combine(root, "distribution.log"));
        target.Children.Add(child);
        target.Processes.Add(new WatchedProcess("registry", child.Id));
        await target.WaitUntilServingAsync("/v2/", TimeSpan.FromSeconds(60));
        return target;
    }

    public static string? FindBinary() =>
        new[] { "/usr/bin/docker-registry", "/usr/sbin/docker-registry" }.FirstOrDefault(File.Exists)
        ?? (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "docker-registry")).FirstOrDefault(File.Exists);
}
