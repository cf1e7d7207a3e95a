using System.Diagnostics;
using System.Text.Json;

namespace OrleansRegistry.Bench.Workloads;

/// <summary>
/// 6. Listings at scale: <c>tags/list</c> of a repository with N tags and <c>_catalog</c> with N repositories, whole
/// and paged (n=100, first page and one from the middle). Seeded through the API before the first round: the same
/// manifest PUT under N tags, and N repositories each created by a cross-repository mount of one blob.
/// Distribution ignores n and last on tags/list and always answers every tag.
/// </summary>
public sealed class ListingWorkload(BenchOptions options) : Workload
{
    private const string TagRepository = "bench/tags";
    private const string CatalogPrefix = "bench/catalog/r";

    public override int Number => 6;

    public override string Title =>
        $"tags/list with {options.ListingEntries:N0} tags and _catalog with {options.ListingEntries:N0} repositories, whole and paged (n={options.PageSize})";

    private int Entries => options.ListingEntries;

    private static string TagName(int i) => $"tag-{i:D5}";

    private static string RepositoryName(int i) => $"{CatalogPrefix}{i:D5}";

    public override async Task<IReadOnlyList<Measurement>> PrepareAsync(TargetSession session)
    {
        var image = SmallImage.Create("listing", 1, options.CiLayerBytes);
        await image.PushAsync(session.Api, TagRepository, "seed");

        var clock = Stopwatch.StartNew();
        await ParallelAsync(Entries, i => session.Api.PutManifestAsync(TagRepository, TagName(i), image.Manifest, Client.RegistryApi.OciManifest));
        var tagSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        await ParallelAsync(Entries, async i =>
        {
            if (!await session.Api.MountBlobAsync(RepositoryName(i), image.LayerDigests[0], TagRepository))
            {
                throw new InvalidOperationException($"mounting into {RepositoryName(i)} did not mount");
            }
        });
        var repositorySeconds = clock.Elapsed.TotalSeconds;
        return
        [
            new($"seeding: tag PUTs ({options.SeedConcurrency} at a time)", "tags/s", Entries / tagSeconds, true),
            new($"seeding: repositories by mount ({options.SeedConcurrency} at a time)", "repos/s", Entries / repositorySeconds, true),
        ];
    }

    public override async Task<IReadOnlyList<Measurement>> RunAsync(TargetSession session, int round)
    {
        var api = session.Api;
        var middleTag = TagName(Entries / 2);
        var middleRepository = RepositoryName(Entries / 2);
        var n = options.PageSize;
        return
        [
            new($"tags/list, all {Entries:N0}", "ms", await TimeAsync(api, $"/v2/{TagRepository}/tags/list", "tags", Entries + 1), false),
            new($"tags/list n={n}, first page", "ms", await TimeAsync(api, $"/v2/{TagRepository}/tags/list?n={n}", "tags", n), false),
            new($"tags/list n={n}, middle page", "ms", await TimeAsync(api, $"/v2/{TagRepository}/tags/list?n={n}&last={middleTag}", "tags", n), false),
            new($"_catalog n={Entries:N0}", "ms", await TimeAsync(api, $"/v2/_catalog?n={Entries}", "repositories", Entries), false),
            new($"_catalog n={n}, first page", "ms", await TimeAsync(api, $"/v2/_catalog?n={n}", "repositories", n), false),
            new($"_catalog n={n}, middle page", "ms", await TimeAsync(api, $"/v2/_catalog?n={n}&last={Uri.EscapeDataString(middleRepository)}", "repositories", n), false),
        ];
    }

    /// <summary>
    /// Median milliseconds per request of sequential GETs for a set time: at least 3, unless one alone outlasts the
    /// time (Distribution's catalog on S3 takes seconds). The first answer is checked to hold at least
    /// <paramref name="minimumEntries"/> entries.
    /// </summary>
    private async Task<double> TimeAsync(Client.RegistryApi api, string pathAndQuery, string property, int minimumEntries)
    {
        var budget = options.Quick ? TimeSpan.FromMilliseconds(300) : TimeSpan.FromSeconds(2);
        var times = new List<double>();
        var clock = Stopwatch.StartNew();
        while (times.Count == 0 || clock.Elapsed < budget || (times.Count < 3 && times.Max() < budget.TotalMilliseconds))
        {
            var started = Stopwatch.GetTimestamp();
            var (body, _) = await api.GetListingAsync(pathAndQuery);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (times.Count == 1)
            {
                using var document = JsonDocument.Parse(body);
                var count = document.RootElement.TryGetProperty(property, out var list) && list.ValueKind == JsonValueKind.Array ? list.GetArrayLength() : 0;
                if (count < minimumEntries)
                {
                    throw new InvalidDataException($"{pathAndQuery} listed {count} {property}, expected at least {minimumEntries}");
                }
            }
        }

        // The first request also warms caches; drop it when there are others.
        return Stats.Median(times.Count > 3 ? times.Skip(1).ToList() : times);
    }

    private async Task ParallelAsync(int count, Func<int, Task> action)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, options.SeedConcurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await action(i);
            }
        })));
    }
}
