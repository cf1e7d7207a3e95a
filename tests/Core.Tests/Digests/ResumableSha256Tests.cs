using System.Security.Cryptography;
using OrleansRegistry.Core.Digests;

namespace OrleansRegistry.Core.Tests.Digests;

/// <summary>
/// The resumable SHA-256 that lets an upload continue at another gateway: it must hash exactly like SHA-256, and a
/// state exported after some bytes and resumed elsewhere must go on as if nothing had happened.
/// </summary>
public sealed class ResumableSha256Tests
{
    /// <summary>Sizes around SHA-256's 64-byte block and its 56-byte padding boundary, and a few large ones.</summary>
    public static TheoryData<int> Sizes => new() { 0, 1, 2, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4095, 4096, 4097, 65_553, (1 << 20) + 7 };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Peek_after_appending_random_data_equals_sha_256_hash_data(int size)
    {
        var data = RandomBytes(size, seed: size);
        using var hash = ResumableSha256.Create();
        hash.Append(data);
        Assert.Equal(Expected(data), hash.Peek());
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Append_in_randomly_sized_pieces_equals_hashing_all_at_once(int size)
    {
        var data = RandomBytes(size, seed: size + 1);
        var random = new Random(size);
        using var hash = ResumableSha256.Create();
        var position = 0;
        while (position < size)
        {
            var piece = Math.Min(size - position, random.Next(1, 200));
            hash.Append(data.AsSpan(position, piece));
            position += piece;
        }

        Assert.Equal(Expected(data), hash.Peek());
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Exported_state_resumed_in_a_new_instance_and_continued_gives_the_digest_of_all_the_bytes(int size)
    {
        var data = RandomBytes(size, seed: size + 2);
        var split = size / 3;
        byte[] state;
        using (var first = ResumableSha256.Create())
        {
            first.Append(data.AsSpan(0, split));
            state = first.ExportState();
        }

        // The first instance is gone (its native memory freed): the state bytes alone carry the hash.
        using var second = ResumableSha256.Resume(state);
        second.Append(data.AsSpan(split));
        Assert.Equal(Expected(data), second.Peek());
    }

    [Fact]
    public void Exported_state_at_every_split_point_around_a_block_resumes_correctly()
    {
        // Each split leaves a different amount in the partial-block buffer of the state.
        var data = RandomBytes(200, seed: 7);
        var expected = Expected(data);
        for (var split = 0; split <= data.Length; split++)
        {
            byte[] state;
            using (var first = ResumableSha256.Create())
            {
                first.Append(data.AsSpan(0, split));
                state = first.ExportState();
            }

            using var second = ResumableSha256.Resume(state);
            second.Append(data.AsSpan(split));
            Assert.Equal(expected, second.Peek());
        }
    }

    [Fact]
    public void State_exported_and_resumed_across_many_hops_keeps_hashing()
    {
        // An upload of many chunks, each taken by another gateway.
        var data = RandomBytes(10_000, seed: 8);
        var state = Array.Empty<byte>();
        for (var offset = 0; offset < data.Length; offset += 777)
        {
            using var hop = ResumableSha256.Resume(state);
            hop.Append(data.AsSpan(offset, Math.Min(777, data.Length - offset)));
            state = hop.ExportState();
        }

        Assert.Equal(Expected(data), ResumableSha256.DigestOf(state));
    }

    [Fact]
    public void Resume_empty_state_starts_a_fresh_hash()
    {
        using var hash = ResumableSha256.Resume([]);
        Assert.Equal(Digest.ComputeSha256([]), hash.Peek());
        hash.Append("abc"u8);
        Assert.Equal("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hash.Peek().ToString());
    }

    [Fact]
    public void DigestOf_empty_state_is_the_digest_of_no_bytes()
    {
        // An upload completed before any chunk was accepted has an empty hash state.
        Assert.Equal(Digest.ComputeSha256([]), ResumableSha256.DigestOf([]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(32)]
    [InlineData(ResumableSha256.StateSize - 1)]
    [InlineData(ResumableSha256.StateSize + 1)]
    public void Resume_state_of_wrong_length_throws_argument_exception(int length)
    {
        Assert.Throws<ArgumentException>(() => ResumableSha256.Resume(new byte[length]));
    }

    [Fact]
    public void ExportState_has_state_size_bytes()
    {
        using var hash = ResumableSha256.Create();
        hash.Append("abc"u8);
        Assert.Equal(ResumableSha256.StateSize, hash.ExportState().Length);
    }

    [Fact]
    public void Peek_leaves_the_running_state_untouched()
    {
        var data = RandomBytes(300, seed: 9);
        using var hash = ResumableSha256.Create();
        hash.Append(data.AsSpan(0, 100));
        var before = hash.ExportState();
        Assert.Equal(Expected(data.AsSpan(0, 100)), hash.Peek());
        Assert.Equal(before, hash.ExportState());
        Assert.Equal(Expected(data.AsSpan(0, 100)), hash.Peek());

        hash.Append(data.AsSpan(100));
        Assert.Equal(Expected(data), hash.Peek());
    }

    [Fact]
    public void ExportState_is_a_copy_not_a_view_of_the_running_state()
    {
        using var hash = ResumableSha256.Create();
        hash.Append("abc"u8);
        var state = hash.ExportState();
        hash.Append("def"u8);
        Assert.Equal(Digest.ComputeSha256("abc"u8), ResumableSha256.DigestOf(state));
    }

    [Fact]
    public void Append_after_dispose_throws_object_disposed_exception()
    {
        var hash = ResumableSha256.Create();
        hash.Dispose();
        Assert.Throws<ObjectDisposedException>(() => hash.Append("abc"u8));
        Assert.Throws<ObjectDisposedException>(() => hash.ExportState());
        Assert.Throws<ObjectDisposedException>(() => hash.Peek());
    }

    [Fact]
    public void Dispose_twice_is_harmless()
    {
        var hash = ResumableSha256.Create();
        hash.Dispose();
        var exception = Record.Exception(hash.Dispose);
        Assert.Null(exception);
    }

    private static Digest Expected(ReadOnlySpan<byte> data) => Digest.FromHash(Digest.Sha256, SHA256.HashData(data));

    private static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
