using System.Buffers.Binary;
using System.Security.Cryptography;

namespace OrleansRegistry.Bench.Content;

/// <summary>
/// Deterministic, incompressible blob content of any length that costs almost nothing to produce: a 1 MiB random
/// block repeated, each repetition stamped with its index and the seed, so that no two blocks (and no two seeds)
/// are alike. Any slice can be produced at any offset, so bodies stream from it and reads are checked against it
/// without ever holding a blob in memory.
/// </summary>
public sealed class BlobContent
{
    public const int BlockSize = 1 << 20;
    private const int StampSize = 16;

    private readonly byte[] _block = new byte[BlockSize];
    private readonly ulong _seed;

    public BlobContent(ulong seed, long length)
    {
        _seed = seed;
        Length = length;
        new Random(unchecked((int)seed ^ (int)(seed >> 32))).NextBytes(_block);
    }

    public long Length { get; }

    /// <summary>Writes the content's bytes from <paramref name="offset"/> into <paramref name="destination"/>.</summary>
    public void Fill(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset + destination.Length > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"{offset}+{destination.Length} is outside 0..{Length}");
        }

        Span<byte> stamp = stackalloc byte[StampSize];
        while (!destination.IsEmpty)
        {
            var block = offset / BlockSize;
            var within = (int)(offset % BlockSize);
            var count = Math.Min(destination.Length, BlockSize - within);
            _block.AsSpan(within, count).CopyTo(destination);
            if (within < StampSize)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(stamp, (ulong)block);
                BinaryPrimitives.WriteUInt64LittleEndian(stamp[8..], _seed);
                var stamped = Math.Min(StampSize - within, count);
                stamp.Slice(within, stamped).CopyTo(destination);
            }

            destination = destination[count..];
            offset += count;
        }
    }

    /// <summary>Whether <paramref name="actual"/> holds the content's bytes from <paramref name="offset"/>.</summary>
    public bool Matches(long offset, ReadOnlySpan<byte> actual, Span<byte> scratch)
    {
        while (!actual.IsEmpty)
        {
            var count = Math.Min(actual.Length, scratch.Length);
            if (offset + count > Length)
            {
                return false;
            }

            Fill(offset, scratch[..count]);
            if (!actual[..count].SequenceEqual(scratch[..count]))
            {
                return false;
            }

            actual = actual[count..];
            offset += count;
        }

        return true;
    }

    public string Digest()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[BlockSize];
        for (long offset = 0; offset < Length; offset += BlockSize)
        {
            var count = (int)Math.Min(BlockSize, Length - offset);
            Fill(offset, buffer.AsSpan(0, count));
            hash.AppendData(buffer, 0, count);
        }

        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static string DigestOf(ReadOnlySpan<byte> bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
}
