using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansRegistry.Bench.Workloads;

/// <summary>
/// 10. Pushes and pulls while the garbage collector deletes: the repository <c>bench/garbage</c> is seeded with blobs
/// no manifest references (the layers of abandoned pushes); then 8 clients each push a small image and pull it
/// back, in a loop, for a fixed time, once quietly and once right after a collection is started
/// (<c>POST /_registry/gc</c>, on a registry whose grace periods are zero). Distribution has no online collection
/// (its collector needs the registry stopped or read-only), so for it both windows are quiet: its ratio shows
/// the noise of the machine.
/// </summary>
public sealed class CollectionWorkload(BenchOptions options) : Workload
{
    private const int Clients = 8;
    private const int LayerCount = 3;
    private const int GarbageBytes = 1024;

    /// <summary>Ours collects what is unreferenced at once, and only when asked.</summary>
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Registry:Collection:Enabled"] = "false",
        ["Registry:Collection:GracePeriod"] = "00:00:00",
        ["Registry:Collection:ExistenceLease"] = "00:00:00",
        ["Registry:Collection:CommitLease"] = "00:00:01",
    };

    public override int Number => 10;

    public override string Title =>
        $"pushes and pulls ({Clients} clients, small images) during a collection of {options.CollectionGarbage:N0} unreferenced blobs, against a quiet window of {options.CollectionWindow.TotalSeconds:0} s";

    public override int? RoundCount => 1;

    public override async Task<IReadOnlyList<Measurement>> PrepareAsync(TargetSession session)
    {
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, options.SeedConcurrency).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) is var i && i < options.CollectionGarbage)
            {
                var bytes = new byte[GarbageBytes];
                new Random(i).NextBytes(bytes);
                BitConverter.TryWriteBytes(bytes, i);
                await session.Api.PushSmallBlobAsync("bench/garbage", bytes, Content.BlobContent.DigestOf(bytes));
            }
        })));
        return [new Measurement("seeding unreferenced blobs", "blobs/s", options.CollectionGarbage / clock.Elapsed.TotalSeconds, true)];
    }

    public override async Task<IReadOnlyList<Measurement>> RunAsync(TargetSession session, int round)
    {
        var quiet = await LoadAsync(session, "quiet");
        var collects = session.Name == "orleans";
        Stopwatch? collection = null;
        if (collects)
        {
            // Commit leases of the seeded blobs lapse first (a second), as they would long before a real collection.
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            using var started = await session.Api.Http.PostAsync("/_registry/gc", null);
            started.EnsureSuccessStatusCode();
            collection = Stopwatch.StartNew();
        }

        var during = await LoadAsync(session, "during");
        var results = new List<Measurement>
        {
            new("images/s, quiet", "images/s", quiet.Throughput, true),
            new("images/s, during collection", "images/s", during.Throughput, true),
            new("during / quiet, throughput", "x", during.Throughput / quiet.Throughput, true),
            new("push p99, quiet", "ms", quiet.PushP99, false),
            new("push p99, during collection", "ms", during.PushP99, false),
            new("pull p99, quiet", "ms", quiet.PullP99, false),
            new("pull p99, during collection", "ms", during.PullP99, false),
        };
        if (collection is not null)
        {
            var running = await StatusAsync(session);
            var stillRunning = running.GetProperty("state").GetString() == "running";
            var unlinkedInWindow = running.GetProperty("blobsUnlinked").GetInt64();
            var deletedInWindow = running.GetProperty("blobsDeleted").GetInt64();
            var finished = running;
            while (finished.GetProperty("state").GetString() == "running")
            {
                await Task.Delay(200);
                finished = await StatusAsync(session);
            }

            if (finished.GetProperty("state").GetString() != "finished")
            {
                throw new InvalidOperationException($"the collection ended {finished}");
            }

            results.Add(new("collection: still running at the window's end", "1 = yes", stillRunning ? 1 : 0, true));
            results.Add(new("collection: blobs unlinked within the window", "blobs", unlinkedInWindow, true));
            results.Add(new("collection: blobs deleted within the window", "blobs", deletedInWindow, true));
            results.Add(new("collection: blobs deleted", "blobs", finished.GetProperty("blobsDeleted").GetInt64(), true));
            results.Add(new("collection: duration", "s", collection.Elapsed.TotalSeconds, false));
        }

        return results;
    }

    private sealed record Window(double Throughput, double PushP99, double PullP99);

    /// <summary>Each client pushes a new image and pulls it back (manifest, config and layers), until the window ends.</summary>
    private async Task<Window> LoadAsync(TargetSession session, string phase)
    {
        var pushes = new ConcurrentBag<double>();
        var pulls = new ConcurrentBag<double>();
        var images = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            var buffer = new byte[64 << 10];
            for (var i = 0; clock.Elapsed < options.CollectionWindow; i++)
            {
                var image = SmallImage.Create($"gc {phase} c{client} i{i}", LayerCount, options.CiLayerBytes);
                var repository = $"bench/gc-{client}";
                var started = Stopwatch.GetTimestamp();
                await image.PushAsync(session.Api, repository, $"{phase}-{i}");
                pushes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                started = Stopwatch.GetTimestamp();
                await session.Api.GetManifestAsync(repository, $"{phase}-{i}");
                foreach (var digest in image.LayerDigests.Append(image.ConfigDigest))
                {
                    await session.Api.GetBlobAsync(repository, digest, null, buffer, null);
                }

                pulls.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Increment(ref images);
            }
        })));
        return new Window(images / clock.Elapsed.TotalSeconds, Stats.Percentile([.. pushes], 99), Stats.Percentile([.. pulls], 99));
    }

    private static async Task<JsonElement> StatusAsync(TargetSession session) =>
        await session.Api.Http.GetFromJsonAsync<JsonElement>("/_registry/gc");
}
