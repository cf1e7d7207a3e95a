using System.Security.Cryptography;
using OrleansRegistry.Core.Digests;

namespace OrleansRegistry.Core.Tests.Digests;

/// <summary>
/// The two engines behind <see cref="ResumableSha256"/>: OpenSSL's libcrypto and the managed fallback for machines
/// without it. Each must hash exactly like SHA-256, and a state either one exported must resume in the other, since
/// the gateways of one cluster may run on different machines.
/// </summary>
public sealed class Sha256EngineTests
{
    private static readonly Sha256Engine OpenSsl = OpenSslSha256Engine.TryLoad()
        ?? throw new InvalidOperationException("no usable OpenSSL libcrypto on this machine; .NET on Linux needs one itself");

    private static readonly Sha256Engine Managed = ManagedSha256Engine.Instance;

    public static TheoryData<string> Engines => new() { nameof(OpenSsl), nameof(Managed) };

    /// <summary>Around SHA-256's 64-byte block and its 56-byte padding boundary, and large ones.</summary>
    private static readonly int[] SizesToHash = [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 4096, 65_537, (1 << 20) + 7, 5 * (1 << 20) + 3];

    public static TheoryData<int> Sizes => new(SizesToHash);

    public static TheoryData<string, int> EnginesAndSizes()
    {
        var data = new TheoryData<string, int>();
        foreach (var engine in new[] { nameof(OpenSsl), nameof(Managed) })
        {
            foreach (var size in SizesToHash)
            {
                data.Add(engine, size);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EnginesAndSizes))]
    public void Each_engine_hashes_like_SHA256_at_lengths_around_the_block_boundaries(string engine, int size)
    {
        var data = RandomBytes(size, seed: size);
        using var hash = ResumableSha256.Create(Engine(engine));
        hash.Append(data);
        Assert.Equal(Expected(data), hash.Peek());
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Each_engine_hashes_like_SHA256_at_every_length_up_to_three_blocks(string engine)
    {
        var data = RandomBytes(200, seed: 3);
        for (var length = 0; length <= data.Length; length++)
        {
            using var hash = ResumableSha256.Create(Engine(engine));
            hash.Append(data.AsSpan(0, length));
            Assert.Equal(Expected(data.AsSpan(0, length)), hash.Peek());
        }
    }

    [Theory]
    [MemberData(nameof(EnginesAndSizes))]
    public void Each_engine_gives_the_same_digest_when_the_data_arrives_in_random_pieces(string engine, int size)
    {
        var data = RandomBytes(size, seed: size + 1);
        var random = new Random(size);
        using var hash = ResumableSha256.Create(Engine(engine));
        for (var position = 0; position < size;)
        {
            var piece = Math.Min(size - position, random.Next(1, 3 * 64 + 1) * (random.Next(4) == 0 ? 1000 : 1));
            hash.Append(data.AsSpan(position, piece));
            position += piece;
        }

        Assert.Equal(Expected(data), hash.Peek());
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Both_engines_keep_the_same_state_bytes_after_the_same_input(int size)
    {
        var data = RandomBytes(size, seed: size + 2);
        var split = new Random(size).Next(size + 1);
        using var native = ResumableSha256.Create(OpenSsl);
        using var managed = ResumableSha256.Create(Managed);
        Assert.Equal(native.ExportState(), managed.ExportState());

        native.Append(data.AsSpan(0, split));
        managed.Append(data.AsSpan(0, split));
        Assert.Equal(native.ExportState(), managed.ExportState());

        native.Append(data.AsSpan(split));
        managed.Append(data.AsSpan(split));
        Assert.Equal(native.ExportState(), managed.ExportState());
    }

    [Theory]
    [InlineData(nameof(OpenSsl), nameof(Managed))]
    [InlineData(nameof(Managed), nameof(OpenSsl))]
    public void A_state_exported_by_one_engine_resumes_in_the_other_at_every_split_around_a_block(string exporter, string resumer)
    {
        var data = RandomBytes(200, seed: 7);
        var expected = Expected(data);
        for (var split = 0; split <= data.Length; split++)
        {
            byte[] state;
            using (var first = ResumableSha256.Create(Engine(exporter)))
            {
                first.Append(data.AsSpan(0, split));
                state = first.ExportState();
            }

            using var second = ResumableSha256.Resume(state, Engine(resumer));
            second.Append(data.AsSpan(split));
            Assert.Equal(expected, second.Peek());
        }
    }

    [Fact]
    public void An_upload_hopping_between_engines_at_random_points_gives_the_digest_of_all_its_bytes()
    {
        var data = RandomBytes(3 * (1 << 20) + 11, seed: 8);
        var random = new Random(8);
        var state = Array.Empty<byte>();
        var hop = 0;
        for (var position = 0; position < data.Length; hop++)
        {
            var piece = Math.Min(data.Length - position, random.Next(1, 300_000));
            using var hash = ResumableSha256.Resume(state, hop % 2 == 0 ? OpenSsl : Managed);
            hash.Append(data.AsSpan(position, piece));
            state = hash.ExportState();
            position += piece;
        }

        Assert.True(hop > 10, $"only {hop} hops");
        using var last = ResumableSha256.Resume(state, Managed);
        Assert.Equal(Expected(data), last.Peek());
        Assert.Equal(Expected(data), ResumableSha256.DigestOf(state));
    }

    [Fact]
    public void On_linux_the_registry_hashes_with_open_SSL()
    {
        // .NET on Linux loads libcrypto itself, so a fallback here would mean the lookup is broken.
        Assert.True(!OperatingSystem.IsLinux() || ResumableSha256.Implementation.StartsWith("OpenSSL (libcrypto.so", StringComparison.Ordinal),
            ResumableSha256.Implementation);
    }

    private static Sha256Engine Engine(string name) => name == nameof(OpenSsl) ? OpenSsl : Managed;

    private static Digest Expected(ReadOnlySpan<byte> data) => Digest.FromHash(Digest.Sha256, SHA256.HashData(data));

    private static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
