using System.Diagnostics;
using System.Globalization;
using OrleansRegistry.Bench;
using OrleansRegistry.Bench.Content;
using OrleansRegistry.Bench.Infrastructure;
using OrleansRegistry.Bench.Targets;
using OrleansRegistry.Bench.Workloads;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (BenchOptions.HelpRequested)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

var root = Directory.CreateTempSubdirectory("orreg-bench-").FullName;
var report = new Report("orleans", "distribution");
var started = Stopwatch.StartNew();
report.Facts.AddRange(Machine.Describe());
report.Facts.Add(("command", "bench " + string.Join(' ', args)));
report.Facts.Add(("mode", (options.Cluster ? options.BaselineOnFilesystem ? "cluster vs Distribution filesystem" : "cluster vs Distribution S3" : "embedded vs Distribution filesystem") + (options.Quick ? ", quick" : "")));
report.Facts.Add(("rounds", $"{options.Rounds} (each: A = orleans, then B = distribution)"));
Console.WriteLine($"work directory {root}");
foreach (var (name, value) in report.Facts)
{
    Console.WriteLine($"{name,-28} {value}");
}

var native = Machine.NativeSha256(options.NativeHashBytes);
report.Facts.Add(("native SHA-256 (IncrementalHash)", $"{native:0} MB/s ({Size.Describe(options.NativeHashBytes)} hashed in 1 MiB buffers, in this run)"));
Console.WriteLine($"{"native SHA-256",-28} {native:0} MB/s (IncrementalHash)");
if (await Machine.OpenSslSpeedAsync() is { } openssl)
{
    report.Facts.Add(("openssl speed sha256", $"{openssl:0} MB/s (1 MiB blocks)"));
    Console.WriteLine($"{"openssl speed sha256",-28} {openssl:0} MB/s");
}

S3Server? s3 = null;
RedisServer? redis = null;
RegistryTarget? a = null, b = null;
PullThroughTargets? pullThrough = null;
var exitCode = 0;
try
{
    if (options.Cluster && (options.OursUrl is null || options.BaselineUrl is null))
    {
        var store = options.Quick ? "memstore" : "bluestore";
        Console.WriteLine($"starting Ceph RGW ({store}) ...");
        s3 = await S3Server.StartAsync(root, store);
        report.Facts.Add(("S3", $"Ceph RGW {s3.Endpoint} ({store} OSD), shared by both registries (distinct buckets)"));
        if (options.OursUrl is null)
        {
            redis = await RedisServer.StartAsync(root);
        }
    }

    Console.WriteLine("starting registries ...");
    if (options.PullThrough)
    {
        pullThrough = await PullThroughTargets.StartAsync(root, options, s3, redis);
        a = pullThrough.Ours!;
        b = pullThrough.Baseline!;
        report.Facts.Add(("upstream", pullThrough.Description));
    }
    else
    {
        var ourSettings = options.Workloads.Contains(10) ? CollectionWorkload.Settings : null;
        var startA = options.OursUrl is { } ours ? Task.FromResult<RegistryTarget>(new ExternalTarget(ours) { Name = "orleans", Description = $"orleans at {ours}" })
            : options.Cluster ? StartAsync(() => OrleansTarget.StartClusterAsync(root, s3!, redis!, settings: ourSettings))
            : StartAsync(() => OrleansTarget.StartEmbeddedAsync(root, ourSettings));
        var maxEntries = Math.Max(1000, options.ListingEntries);
        var startB = options.BaselineUrl is { } baseline ? Task.FromResult<RegistryTarget>(new ExternalTarget(baseline) { Name = "distribution", Description = $"baseline at {baseline}" })
            : StartAsync(() => DistributionTarget.StartAsync(root, maxEntries, options.Cluster && !options.BaselineOnFilesystem ? s3 : null));
        try
        {
            a = await startA;
        }
        finally
        {
            b = await startB.ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : null, TaskScheduler.Default);
        }

        if (b is null)
        {
            await startB; // rethrows why the baseline did not start
        }
    }

    report.Facts.Add(("A", $"{a.Description}, {a.BaseAddress}"));
    report.Facts.Add(("B", $"{b!.Description}, {b.BaseAddress}"));
    Console.WriteLine($"A = {a.Description} at {a.BaseAddress}");
    Console.WriteLine($"B = {b.Description} at {b.BaseAddress}");

    using var sessionA = new TargetSession(a, options);
    using var sessionB = new TargetSession(b, options);
    var sessions = new[] { ("A", sessionA), ("B", sessionB) };

    Console.WriteLine("warming up ...");
    // The pull-through workload warms both caches up itself: Distribution in proxy mode takes no pushes.
    foreach (var (_, session) in options.PullThrough ? [] : sessions)
    {
        await WarmUpAsync(session);
    }

    Workload[] all =
    [
        new LargePushWorkload(options),
        new ChunkedPushWorkload(options),
        new PullWorkload(options),
        new CiCacheWorkload(options),
        new HotReadsWorkload(options),
        new ListingWorkload(options),
        new GrowthWorkload(options),
        new CollectionWorkload(options),
        .. pullThrough is null ? Array.Empty<Workload>() : [new PullThroughWorkload(options, pullThrough.UpstreamApi, pullThrough.Sites)],
    ];
    var watchMemory = options.Workloads.Contains(7);
    foreach (var workload in all.Where(w => options.Workloads.Contains(w.Number)))
    {
        report.Title(workload.Number, workload.Title);
        Console.WriteLine();
        Console.WriteLine($"{workload.Number}. {workload.Title}");
        try
        {
            foreach (var (key, session) in sessions)
            {
                var clock = Stopwatch.StartNew();
                foreach (var m in await workload.PrepareAsync(session))
                {
                    report.Add(workload.Number, key, m);
                    Console.WriteLine($"   prepared {session.Name,-12} {m.Metric}: {Report.Format(m.Value)} {m.Unit}");
                }

                if (clock.Elapsed > TimeSpan.FromSeconds(1))
                {
                    Console.WriteLine($"   prepared {session.Name,-12} in {clock.Elapsed.TotalSeconds:0.0} s");
                }
            }

            for (var round = 1; round <= (workload.RoundCount ?? options.Rounds); round++)
            {
                await workload.BeforeRoundAsync(round);
                foreach (var (key, session) in sessions)
                {
                    var memory = watchMemory && workload.Number is 1 or 3
                        ? session.Target.Processes.Select(p => (p.Role, Watch: ProcessMemory.Watch(p.Pid))).ToList()
                        : [];
                    IReadOnlyList<Measurement> measurements;
                    try
                    {
                        measurements = await workload.RunAsync(session, round);
                    }
                    finally
                    {
                        foreach (var (_, watch) in memory)
                        {
                            await watch.DisposeAsync();
                        }
                    }

                    foreach (var m in measurements)
                    {
                        report.Add(workload.Number, key, m);
                    }

                    var phase = workload.Number == 1 ? "push" : "pull";
                    foreach (var (role, watch) in memory)
                    {
                        var label = role is "gateway" or "embedded" or "registry" ? "HTTP process (embedded registry / gateway / docker-registry)" : role;
                        report.Title(7, $"peak resident memory (VmHWM, reset before each round, and RSS sampled every 20 ms) during 1 and 3");
                        report.Add(7, key, new Measurement($"{phase}: peak RSS, {label}", "MiB", watch.PeakBytes() / 1048576.0, false));
                    }

                    Console.WriteLine($"   round {round} {session.Name,-12} " + string.Join(", ", measurements.Select(m => $"{m.Metric} {Report.Format(m.Value)} {m.Unit}"))
                        + string.Concat(memory.Select(m => $", peak RSS {m.Role} {m.Watch.PeakBytes() / 1048576.0:0} MiB")));
                }
            }
        }
        catch (Exception e)
        {
            report.Errors.Add($"workload {workload.Number}: {e.GetType().Name}: {e.Message}");
            Console.WriteLine($"   FAILED: {e}");
            exitCode = 1;
        }
    }

    var ran = options.Workloads.Where(w => all.Any(x => x.Number == w) || (w == 7 && watchMemory)).ToList();
    if (!report.HasNumbersForBoth(ran))
    {
        report.Errors.Add("some workload produced no numbers for one of the registries");
        exitCode = 1;
    }
}
catch (Exception e)
{
    report.Errors.Add($"{e.GetType().Name}: {e.Message}");
    Console.WriteLine($"FAILED: {e}");
    exitCode = 1;
}
finally
{
    if (a is not null)
    {
        await a.DisposeAsync();
    }

    if (b is not null)
    {
        await b.DisposeAsync();
    }

    if (pullThrough is not null)
    {
        await pullThrough.DisposeAsync();
    }

    if (redis is not null)
    {
        await redis.DisposeAsync();
    }

    if (s3 is not null)
    {
        await s3.DisposeAsync();
    }
}

report.Facts.Add(("load average at end", Machine.LoadAverage()));
report.Facts.Add(("duration", $"{started.Elapsed.TotalMinutes:0.0} min"));
Console.WriteLine();
Console.WriteLine(report.ToText());
if (options.MarkdownPath is { } markdown)
{
    await File.WriteAllTextAsync(markdown, report.ToMarkdown());
    Console.WriteLine($"markdown written to {markdown}");
}

if (options.Keep || exitCode != 0)
{
    Console.WriteLine($"logs and data kept in {root}");
    if (!options.Keep)
    {
        // Data is large and useless after a failure; the logs tell what happened.
        foreach (var dir in Directory.EnumerateDirectories(root))
        {
            TryDelete(dir);
        }
    }
}
else
{
    TryDelete(root);
}

return exitCode;

static async Task<RegistryTarget> StartAsync<T>(Func<Task<T>> start)
    where T : RegistryTarget
{
    return await start();
}

async Task WarmUpAsync(TargetSession session)
{
    // JIT, connection pools, first grain activations: nothing of this is measured.
    var content = new BlobContent(99, 8 << 20);
    var digest = content.Digest();
    await session.Api.PushBlobAsync("bench/warmup", digest, new StreamedContent(content, 0, content.Length));
    await session.Api.GetBlobAsync("bench/warmup", digest, null, new byte[256 * 1024], null);
    for (var i = 0; i < 5; i++)
    {
        var image = SmallImage.Create($"warmup {i}", 3, options.CiLayerBytes);
        await image.PushAsync(session.Api, "bench/warmup", $"w{i}");
    }

    await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
    {
        for (var i = 0; i < 50; i++)
        {
            await session.Api.GetManifestAsync("bench/warmup", "w0");
            await session.Api.BlobExistsAsync("bench/warmup", digest);
        }
    }));
}

static void TryDelete(string path)
{
    try
    {
        Directory.Delete(path, recursive: true);
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
    {
        Console.Error.WriteLine($"could not delete {path}: {e.Message}");
    }
}
