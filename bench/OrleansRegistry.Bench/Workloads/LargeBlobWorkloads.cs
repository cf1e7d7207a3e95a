using System.Diagnostics;
using OrleansRegistry.Bench.Content;

namespace OrleansRegistry.Bench.Workloads;

/// <summary>
/// 1. A large layer pushed as docker, podman and skopeo push one: <c>POST</c>, one <c>PATCH</c> streaming the whole
/// blob with a Content-Length, <c>PUT ?digest=</c>. Each round pushes a new blob (the same one to both registries).
/// </summary>
public sealed class LargePushWorkload(BenchOptions options) : Workload
{
    private BlobContent? _content;
    private string? _digest;

    public override int Number => 1;

    public override string Title => $"push of a {Size.Describe(options.LargeBlobBytes)} layer (POST, one PATCH, PUT)";

    public override Task BeforeRoundAsync(int round)
    {
        var seed = 1_000UL + (ulong)round;
        _content = new BlobContent(seed, options.LargeBlobBytes);
        _digest = DigestOf(_content, seed);
        return Task.CompletedTask;
    }

    public override async Task<IReadOnlyList<Measurement>> RunAsync(TargetSession session, int round)
    {
        var cpu = session.ServerCpuSeconds();
        var clock = Stopwatch.StartNew();
        await session.Api.PushBlobAsync("bench/large", _digest!, new StreamedContent(_content!, 0, _content!.Length));
        clock.Stop();
        cpu = session.ServerCpuSeconds() - cpu;
        return
        [
            new("push", "MB/s", MegabytesPerSecond(_content.Length, clock.Elapsed), true),
            new("push: registry CPU per MiB", "ms", CpuMsPerMiB(cpu, _content.Length), false),
        ];
    }
}

/// <summary>
/// 2. A chunked push, as the OCI conformance suite (and resumable clients) upload: PATCHes of 8 MiB with
/// Content-Range, in order, then <c>PUT ?digest=</c>.
/// </summary>
public sealed class ChunkedPushWorkload(BenchOptions options) : Workload
{
    private BlobContent? _content;
    private string? _digest;

    public override int Number => 2;

    public override string Title =>
        $"chunked push of {Size.Describe(options.ChunkedBlobBytes)} in {Size.Describe(options.ChunkBytes)} PATCHes with Content-Range";

    public override Task BeforeRoundAsync(int round)
    {
        var seed = 2_000UL + (ulong)round;
        _content = new BlobContent(seed, options.ChunkedBlobBytes);
        _digest = DigestOf(_content, seed);
        return Task.CompletedTask;
    }

    public override async Task<IReadOnlyList<Measurement>> RunAsync(TargetSession session, int round)
    {
        var cpu = session.ServerCpuSeconds();
        var clock = Stopwatch.StartNew();
        await session.Api.PushBlobChunkedAsync("bench/chunked", _content!, _digest!, options.ChunkBytes);
        clock.Stop();
        cpu = session.ServerCpuSeconds() - cpu;
        return
        [
            new("chunked push", "MB/s", MegabytesPerSecond(_content!.Length, clock.Elapsed), true),
            new("chunked push: registry CPU per MiB", "ms", CpuMsPerMiB(cpu, _content.Length), false),
        ];
    }
}

/// <summary>
/// 3. Pull of the large blob (<c>GET</c>), then random 1 MiB ranges of it (as lazy-pulling snapshotters read), four
/// at a time. The blob is pushed once, untimed, before the first round.
/// </summary>
public sealed class PullWorkload(BenchOptions options) : Workload
{
    private const ulong Seed = 3_000;
    private readonly BlobContent _content = new(Seed, options.LargeBlobBytes);

    public override int Number => 3;

    public override string Title =>
        $"pull of the {Size.Describe(options.LargeBlobBytes)} layer (GET) and {options.RangeReads} random {Size.Describe(options.RangeBytes)} ranges ({options.RangeConcurrency} at a time)";

    public override async Task<IReadOnlyList<Measurement>> PrepareAsync(TargetSession session)
    {
        var digest = DigestOf(_content, Seed);
        await session.Api.PushBlobAsync("bench/pull", digest, new StreamedContent(_content, 0, _content.Length));
        return [];
    }

    public override async Task<IReadOnlyList<Measurement>> RunAsync(TargetSession session, int round)
    {
        var digest = DigestOf(_content, Seed);
        var buffer = new byte[256 * 1024];
        var scratch = new byte[buffer.Length];
        var bad = 0L;
        Action<long, ReadOnlyMemory<byte>>? check = options.Verify
            ? (offset, data) => { if (!_content.Matches(offset, data.Span, scratch)) { bad++; } }
            : null;

        var cpu = session.ServerCpuSeconds();
        var clock = Stopwatch.StartNew();
        var received = await session.Api.GetBlobAsync("bench/pull", digest, null, buffer, check);
        clock.Stop();
        cpu = session.ServerCpuSeconds() - cpu;
        if (received != _content.Length || bad > 0)
        {
            throw new InvalidDataException($"GET returned {received} bytes ({bad} buffers differing), expected {_content.Length}");
        }

        var pull = MegabytesPerSecond(received, clock.Elapsed);
        var pullCpu = CpuMsPerMiB(cpu, received);

        // The same random ranges for both registries in a round.
        var random = new Random(31 * round + 7);
        var ranges = Enumerable.Range(0, options.RangeReads)
            .Select(_ => (Start: random.NextInt64(0, _content.Length - options.RangeBytes + 1), Length: (long)options.RangeBytes))
            .ToArray();
        var next = -1;
        var latencies = new double[ranges.Length];
        long rangeBytes = 0;
        clock.Restart();
        await Task.WhenAll(Enumerable.Range(0, options.RangeConcurrency).Select(async _ =>
        {
            var own = new byte[256 * 1024];
            var ownScratch = new byte[own.Length];
            int i;
            while ((i = Interlocked.Increment(ref next)) < ranges.Length)
            {
                var badRange = false;
                var started = Stopwatch.GetTimestamp();
                var got = await session.Api.GetBlobAsync("bench/pull", digest, ranges[i], own,
                    options.Verify ? (offset, data) => badRange |= !_content.Matches(offset, data.Span, ownScratch) : null);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (got != ranges[i].Length || badRange)
                {
                    throw new InvalidDataException($"range {ranges[i].Start}+{ranges[i].Length}: got {got} bytes{(badRange ? ", wrong content" : "")}");
                }

                Interlocked.Add(ref rangeBytes, got);
            }
        }));
        clock.Stop();
        return
        [
            new("pull", "MB/s", pull, true),
            new("pull: registry CPU per MiB", "ms", pullCpu, false),
            new($"ranged reads ({Size.Describe(options.RangeBytes)})", "MB/s", MegabytesPerSecond(rangeBytes, clock.Elapsed), true),
            new("ranged read p99", "ms", Stats.Percentile(latencies, 99), false),
        ];
    }
}

public static class Size
{
    public static string Describe(long bytes) =>
        bytes >= 1L << 30 && bytes % (1L << 30) == 0 ? $"{bytes >> 30} GiB"
        : bytes >= 1L << 20 && bytes % (1L << 20) == 0 ? $"{bytes >> 20} MiB"
        : bytes >= 1L << 10 && bytes % (1L << 10) == 0 ? $"{bytes >> 10} KiB"
        : $"{bytes} B";
}
