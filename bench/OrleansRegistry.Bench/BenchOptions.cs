using System.Globalization;

namespace OrleansRegistry.Bench;

/// <summary>Command line of the benchmark, and the workload sizes of the full and quick modes.</summary>
public sealed class BenchOptions
{
    public const string Usage = """
        usage: dotnet run -c Release --project bench/OrleansRegistry.Bench -- [options]

          --quick               small sizes, a few seconds per registry (CI)
          --cluster             ours as a cluster (redis + Ceph RGW + silo + gateway) vs Distribution's S3 driver
                                on the same RGW; default: embedded vs Distribution's filesystem driver
          --rounds N            rounds per workload, each running A then B (default 3, quick 1)
          --workloads 1,2,...   which workloads (default 1 to 7: 1 push, 2 chunked push, 3 pull and ranges,
                                4 CI cache, 5 manifest GET / blob HEAD, 6 tags/list and _catalog, 7 memory;
                                8 metadata growth runs only when named, as it takes long; 9 pull-through cache
                                runs alone: it starts an upstream Distribution, ours with that upstream
                                configured, and Distribution in proxy mode as the baseline)
          --markdown FILE       also write the results as markdown tables
          --verify              check every pulled byte against the generated content (default in --quick)
          --keep                keep the temporary directory (data and logs) for inspection
          --baseline-filesystem with --cluster: Distribution on its filesystem driver instead of its S3 driver
                                (workload 8 at 100,000 entries: its S3 catalog walks the bucket, ~50 ms per repository)
          --ours URL            benchmark an already running registry as A instead of starting one
          --baseline URL        benchmark an already running registry as B instead of starting one
          --large-mib N         size of the large blob (default 1024, quick 32)
          --tags N              tags and repositories for workload 6 (default 10000, cluster 1000, quick 300)
          --seconds S           duration of each workload-5 measurement (default 5, quick 1)
          --growth-sizes N,...  tags and repositories at which workload 8 measures, one round each
                                (default 1000,10000,100000; quick 100,300)
          --pull-mib N          workload 9: size of the image, in 4 layers (default 256, quick 16)
          --pull-clients N      workload 9: concurrent clients of the cold burst (default 50, quick 8); in
                                --cluster mode ours has 2 gateways and the clients alternate between them
          --upstream-mibps N    workload 9: bandwidth of each cache's link to the upstream, shared by its
                                transfers (default: unlimited, loopback speed)
          --gc-garbage N        workload 10: unreferenced blobs the collection deletes (default 10000, quick 500);
                                workload 10 runs only when named
          --gc-seconds S        workload 10: length of the quiet window and of the window under collection
                                (default 20, quick 3)
        """;

    public bool Quick { get; private set; }

    public bool Cluster { get; private set; }

    public int Rounds { get; private set; }

    public SortedSet<int> Workloads { get; private set; } = [1, 2, 3, 4, 5, 6, 7];

    public string? MarkdownPath { get; private set; }

    public bool Verify { get; private set; }

    public bool Keep { get; private set; }

    /// <summary>In cluster mode, Distribution on the filesystem: a faster baseline than its S3 driver, never a slower one.</summary>
    public bool BaselineOnFilesystem { get; private set; }

    public Uri? OursUrl { get; private set; }

    public Uri? BaselineUrl { get; private set; }

    public long LargeBlobBytes { get; private set; }

    public long ChunkedBlobBytes { get; private set; }

    public int ChunkBytes { get; } = 8 << 20;

    public int RangeReads { get; private set; }

    public int RangeBytes { get; } = 1 << 20;

    public int RangeConcurrency { get; } = 4;

    public int CiClients { get; } = 8;

    public int CiImagesPerClient { get; private set; }

    public int CiLayerBytes { get; } = 4096;

    public int HotConcurrency { get; } = 32;

    public TimeSpan HotDuration { get; private set; }

    public int ListingEntries { get; private set; }

    public int PageSize { get; } = 100;

    public int SeedConcurrency { get; } = 16;

    public long NativeHashBytes { get; private set; }

    public IReadOnlyList<int> GrowthSizes { get; private set; } = [];

    /// <summary>Workload 9 runs alone, with targets of its own (an upstream, two caches).</summary>
    public bool PullThrough => Workloads.Contains(9);

    public long PullThroughImageBytes { get; private set; }

    public int PullThroughClients { get; private set; }

    public double? UpstreamMebibytesPerSecond { get; private set; }

    public int CollectionGarbage { get; private set; }

    public TimeSpan CollectionWindow { get; private set; }

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        int? rounds = null, tags = null;
        IReadOnlyList<int>? growthSizes = null;
        long? largeMiB = null, pullMiB = null;
        int? pullClients = null, gcGarbage = null, gcSeconds = null;
        double? seconds = null;
        var verify = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--quick": options.Quick = true; break;
                case "--cluster": options.Cluster = true; break;
                case "--rounds": rounds = PositiveInt(Value(), "--rounds"); break;
                case "--workloads":
                    options.Workloads = new SortedSet<int>(Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(w => int.TryParse(w, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 10
                            ? n
                            : throw new ArgumentException($"--workloads: '{w}' is not a workload number from 1 to 10")));
                    if (options.Workloads.Contains(9) && options.Workloads.Count > 1)
                    {
                        throw new ArgumentException("--workloads: 9 (pull-through cache) runs alone, with registries of its own");
                    }

                    break;
                case "--markdown": options.MarkdownPath = Value(); break;
                case "--verify": verify = true; break;
                case "--keep": options.Keep = true; break;
                case "--baseline-filesystem": options.BaselineOnFilesystem = true; break;
                case "--ours": options.OursUrl = new Uri(Value()); break;
                case "--baseline": options.BaselineUrl = new Uri(Value()); break;
                case "--large-mib": largeMiB = PositiveInt(Value(), "--large-mib"); break;
                case "--tags": tags = PositiveInt(Value(), "--tags"); break;
                case "--seconds": seconds = double.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--growth-sizes":
                    growthSizes = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(size => PositiveInt(size, "--growth-sizes")).Order().ToList();
                    break;
                case "--pull-mib": pullMiB = PositiveInt(Value(), "--pull-mib"); break;
                case "--pull-clients": pullClients = PositiveInt(Value(), "--pull-clients"); break;
                case "--gc-garbage": gcGarbage = PositiveInt(Value(), "--gc-garbage"); break;
                case "--gc-seconds": gcSeconds = PositiveInt(Value(), "--gc-seconds"); break;
                case "--upstream-mibps": options.UpstreamMebibytesPerSecond = PositiveInt(Value(), "--upstream-mibps"); break;
                case "-h" or "--help": throw new HelpRequested();
                default: throw new ArgumentException($"unknown option '{args[i]}'");
            }
        }

        var q = options.Quick;
        options.Rounds = rounds ?? (q ? 1 : 3);
        options.Verify = verify || q;
        options.LargeBlobBytes = (largeMiB ?? (q ? 32 : 1024)) << 20;
        options.ChunkedBlobBytes = Math.Min(options.LargeBlobBytes, q ? 32L << 20 : 256L << 20);
        options.RangeReads = q ? 50 : 1000;
        // Small uploads to S3 cost a multipart upload each: about 4 images/s per registry on RGW here.
        options.CiImagesPerClient = q ? 3 : options.Cluster ? 10 : 40;
        options.HotDuration = TimeSpan.FromSeconds(seconds ?? (q ? 1 : 5));
        // Distribution's catalog on S3 lists every repository's directory: about 50 ms per repository on RGW here.
        options.ListingEntries = tags ?? (q ? 300 : options.Cluster ? 1_000 : 10_000);
        options.NativeHashBytes = q ? 128L << 20 : 1L << 30;
        options.GrowthSizes = growthSizes ?? (q ? [100, 300] : [1_000, 10_000, 100_000]);
        options.PullThroughImageBytes = (pullMiB ?? (q ? 16 : 256)) << 20;
        options.PullThroughClients = pullClients ?? (q ? 8 : 50);
        options.CollectionGarbage = gcGarbage ?? (q ? 500 : 10_000);
        options.CollectionWindow = TimeSpan.FromSeconds(gcSeconds ?? (q ? 3 : 20));
        if (options.Workloads.Contains(7))
        {
            // Memory is sampled while the large blob is pushed and pulled.
            options.Workloads.Add(1);
            options.Workloads.Add(3);
        }

        return options;
    }

    private static int PositiveInt(string value, string option) =>
        int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{option} must be a positive integer");

    public sealed class HelpRequested : Exception;
}
