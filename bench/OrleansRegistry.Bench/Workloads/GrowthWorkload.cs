using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using OrleansRegistry.Bench.Client;
using OrleansRegistry.Bench.Infrastructure;

namespace OrleansRegistry.Bench.Workloads;

/// <summary>
/// 8. Metadata growth: what a write costs as a registry grows. One round per size, alternating the registries: the
/// repository <c>bench/growth</c> is filled to N tags (each a distinct manifest) and the registry to N repositories,
/// then, one client on keep-alive, manifest PUTs under new tags, pushes into new repositories (two blob mounts and
/// a manifest PUT, as a client pushing a known image to a new name), and a middle page of <c>tags/list</c> and of
/// <c>_catalog</c> (n=100) are timed, and the peak resident memory of the process holding the state is read.
/// </summary>
public sealed class GrowthWorkload(BenchOptions options) : Workload
{
    private const string Repository = "bench/growth";
    private const string RepositoryPrefix = "bench/growth-r";
    private const int Puts = 200;
    private const int NewRepositories = 100;
    private const int Pages = 30;
    private static readonly TimeSpan PageBudget = TimeSpan.FromSeconds(20);

    public override int Number => 8;

    public override string Title =>
        $"metadata growth: manifest PUT and new repository at {string.Join(", ", options.GrowthSizes.Select(s => s.ToString("N0", CultureInfo.InvariantCulture)))} tags and repositories";

    public override int? RoundCount => options.GrowthSizes.Count;

    private static string SeedTag(int i) => $"seed-{i:D7}";

    private static string SeedRepository(int i) => $"{RepositoryPrefix}{i:D7}";

    public override async Task<IReadOnlyList<Measurement>> PrepareAsync(TargetSession session)
    {
        var image = SmallImage.Create("growth", 1, options.CiLayerBytes);
        await image.PushAsync(session.Api, Repository, "base");
        session.State["growth:image"] = image;
        session.State["growth:tags"] = 0;
        session.State["growth:repositories"] = 0;
        return [];
    }

    public override async Task<IReadOnlyList<Measurement>> RunAsync(TargetSession session, int round)
    {
        var size = options.GrowthSizes[round - 1];
        var image = (SmallImage)session.State["growth:image"];
        var api = session.Api;
        var label = size.ToString("N0", CultureInfo.InvariantCulture);
        var measurements = new List<Measurement>();

        var seeded = (int)session.State["growth:tags"];
        var clock = Stopwatch.StartNew();
        await ParallelAsync(seeded, size, i => api.PutManifestAsync(Repository, SeedTag(i), DistinctManifest(image, $"seed {i}"), RegistryApi.OciManifest));
        measurements.Add(new($"seeding to {label} tags ({options.SeedConcurrency} at a time)", "tags/s", (size - seeded) / clock.Elapsed.TotalSeconds, true));
        session.State["growth:tags"] = size;

        seeded = (int)session.State["growth:repositories"];
        clock.Restart();
        await ParallelAsync(seeded, size, i => PushToNewRepositoryAsync(api, image, SeedRepository(i)));
        measurements.Add(new($"seeding to {label} repositories ({options.SeedConcurrency} at a time)", "repos/s", (size - seeded) / clock.Elapsed.TotalSeconds, true));
        session.State["growth:repositories"] = size;

        var puts = new List<double>();
        for (var i = 0; i < Puts; i++)
        {
            var manifest = DistinctManifest(image, $"round {round} put {i}");
            var started = Stopwatch.GetTimestamp();
            await api.PutManifestAsync(Repository, $"r{round}-{i:D4}", manifest, RegistryApi.OciManifest);
            puts.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var creations = new List<double>();
        for (var i = 0; i < NewRepositories; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await PushToNewRepositoryAsync(api, image, $"bench/growth-new-r{round}-{i:D4}");
            creations.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var tagPages = await TimePagesAsync(api, $"/v2/{Repository}/tags/list?n=100&last={SeedTag(size / 2)}");
        var catalogPages = await TimePagesAsync(api, $"/v2/_catalog?n=100&last={Uri.EscapeDataString(SeedRepository(size / 2))}");
        measurements.Add(new($"manifest PUT median at {label} tags", "ms", Stats.Median(puts), false));
        measurements.Add(new($"manifest PUT p99 at {label} tags", "ms", Stats.Percentile(puts, 99), false));
        measurements.Add(new($"new repository median at {label} repositories", "ms", Stats.Median(creations), false));
        measurements.Add(new($"new repository p99 at {label} repositories", "ms", Stats.Percentile(creations, 99), false));
        measurements.Add(new($"tags/list n=100, middle page, at {label} tags", "ms", tagPages, false));
        measurements.Add(new($"_catalog n=100, middle page, at {label} repositories", "ms", catalogPages, false));
        foreach (var process in session.Target.Processes.Where(p => p.Role is "embedded" or "silo" or "registry"))
        {
            measurements.Add(new($"peak RSS of the {process.Role} at {label}", "MiB", ProcessMemory.Read(process.Pid).Hwm / 1048576.0, false));
        }

        return measurements;
    }

    /// <summary>The image's manifest with an annotation of its own: another digest, the same blobs.</summary>
    private static byte[] DistinctManifest(SmallImage image, string identity)
    {
        var manifest = JsonSerializer.Deserialize<Dictionary<string, object>>(image.Manifest)!;
        manifest["annotations"] = new Dictionary<string, string> { ["org.opencontainers.image.ref.name"] = identity };
        return Encoding.UTF8.GetBytes(JsonSerializer.Serialize(manifest));
    }

    /// <summary>A push of a known image to a new name: its blobs are mounted, then its manifest is put.</summary>
    private static async Task PushToNewRepositoryAsync(RegistryApi api, SmallImage image, string repository)
    {
        foreach (var digest in image.LayerDigests.Append(image.ConfigDigest))
        {
            if (!await api.MountBlobAsync(repository, digest, Repository))
            {
                throw new InvalidOperationException($"mounting {digest} into {repository} did not mount");
            }
        }

        await api.PutManifestAsync(repository, "v1", image.Manifest, RegistryApi.OciManifest);
    }

    /// <summary>
    /// The median of <see cref="Pages"/> requests after a first one, or of fewer once they have taken
    /// <see cref="PageBudget"/>: Distribution's S3 catalog walks the bucket for every page (about 50 ms per
    /// repository on RGW here), which would take hours at 10,000 repositories.
    /// </summary>
    private static async Task<double> TimePagesAsync(RegistryApi api, string pathAndQuery)
    {
        var times = new List<double>();
        var budget = Stopwatch.StartNew();
        for (var i = 0; i < Pages && (i < 2 || budget.Elapsed < PageBudget); i++)
        {
            var started = Stopwatch.GetTimestamp();
            var (body, _) = await api.GetListingAsync(pathAndQuery);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (i == 0 && body.Length < 100)
            {
                throw new InvalidDataException($"{pathAndQuery} answered only {Encoding.UTF8.GetString(body)}");
            }
        }

        return Stats.Median(times.Count > 1 ? times.Skip(1).ToList() : times);
    }

    private async Task ParallelAsync(int from, int to, Func<int, Task> action)
    {
        var next = from - 1;
        await Task.WhenAll(Enumerable.Range(0, options.SeedConcurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < to)
            {
                await action(i);
            }
        })));
    }
}
