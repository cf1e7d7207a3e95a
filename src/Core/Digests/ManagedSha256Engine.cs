using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace OrleansRegistry.Core.Digests;

/// <summary>
/// SHA-256 (FIPS 180-4) in managed code, for machines without OpenSSL's libcrypto (macOS, Windows, a Linux without
/// OpenSSL), on a state laid out as OpenSSL's <c>SHA256_CTX</c> on little-endian machines: <c>h[8]</c>, the bit count
/// as <c>Nl</c> and <c>Nh</c>, the 64-byte partial block, <c>num</c> and <c>md_len</c>, each word little-endian.
/// </summary>
/// <remarks>
/// Hand-written because no library keeps its running state in OpenSSL's layout, which is what lets an upload started
/// at a gateway with OpenSSL go on at one without. The partial block is handled as OpenSSL's <c>md32_common.h</c>
/// does (bytes past <c>num</c> stay zero), so both engines leave identical bytes after the same input.
/// </remarks>
internal sealed unsafe class ManagedSha256Engine : Sha256Engine
{
    public static readonly ManagedSha256Engine Instance = new();

    private const int BlockSize = 64;
    private const int BitCountLowOffset = 32;
    private const int BitCountHighOffset = 36;
    private const int BlockOffset = 40;
    private const int BlockFillOffset = 104;
    private const int DigestLengthOffset = 108;

    private ManagedSha256Engine()
    {
    }

    public override string Name => "managed code (no OpenSSL libcrypto found)";

    private static ReadOnlySpan<uint> InitialHash =>
    [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ];

    private static ReadOnlySpan<uint> RoundConstants =>
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];

    public override void Initialize(byte* state)
    {
        var fields = new Span<byte>(state, ResumableSha256.StateSize);
        fields.Clear();
        for (var i = 0; i < InitialHash.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(fields[(4 * i)..], InitialHash[i]);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(fields[DigestLengthOffset..], 32);
    }

    public override void Append(byte* state, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        var fields = new Span<byte>(state, ResumableSha256.StateSize);
        var bits = ((ulong)ReadWord(fields, BitCountHighOffset) << 32 | ReadWord(fields, BitCountLowOffset)) + ((ulong)data.Length << 3);
        WriteWord(fields, BitCountLowOffset, (uint)bits);
        WriteWord(fields, BitCountHighOffset, (uint)(bits >> 32));

        var block = fields.Slice(BlockOffset, BlockSize);
        var filled = (int)ReadWord(fields, BlockFillOffset);
        if (filled > 0)
        {
            var room = BlockSize - filled;
            if (data.Length < room)
            {
                data.CopyTo(block[filled..]);
                WriteWord(fields, BlockFillOffset, (uint)(filled + data.Length));
                return;
            }

            data[..room].CopyTo(block[filled..]);
            Compress(state, block);
            block.Clear();
            data = data[room..];
        }

        var whole = data.Length - data.Length % BlockSize;
        Compress(state, data[..whole]);
        data[whole..].CopyTo(block);
        WriteWord(fields, BlockFillOffset, (uint)(data.Length - whole));
    }

    public override void Finish(byte* state, Span<byte> digest)
    {
        var fields = new Span<byte>(state, ResumableSha256.StateSize);
        var block = fields.Slice(BlockOffset, BlockSize);
        var filled = (int)ReadWord(fields, BlockFillOffset);
        block[filled++] = 0x80;
        if (filled > BlockSize - 8)
        {
            block[filled..].Clear();
            Compress(state, block);
            filled = 0;
        }

        block[filled..].Clear();
        BinaryPrimitives.WriteUInt32BigEndian(block[56..], ReadWord(fields, BitCountHighOffset));
        BinaryPrimitives.WriteUInt32BigEndian(block[60..], ReadWord(fields, BitCountLowOffset));
        Compress(state, block);
        for (var i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(digest[(4 * i)..], ReadWord(fields, 4 * i));
        }
    }

    /// <summary>Runs the compression function over whole 64-byte blocks, updating h[8] at the start of the state.</summary>
    private static void Compress(byte* state, ReadOnlySpan<byte> blocks)
    {
        if (blocks.IsEmpty)
        {
            return;
        }

        var schedule = stackalloc uint[64];
        uint h0 = ReadWord(state, 0), h1 = ReadWord(state, 4), h2 = ReadWord(state, 8), h3 = ReadWord(state, 12);
        uint h4 = ReadWord(state, 16), h5 = ReadWord(state, 20), h6 = ReadWord(state, 24), h7 = ReadWord(state, 28);
        fixed (byte* start = blocks)
        fixed (uint* k = RoundConstants)
        {
            for (var block = start; block < start + blocks.Length; block += BlockSize)
            {
                for (var t = 0; t < 16; t++)
                {
                    schedule[t] = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(block + 4 * t));
                }

                for (var t = 16; t < 64; t++)
                {
                    var w15 = schedule[t - 15];
                    var w2 = schedule[t - 2];
                    var s0 = BitOperations.RotateRight(w15, 7) ^ BitOperations.RotateRight(w15, 18) ^ (w15 >> 3);
                    var s1 = BitOperations.RotateRight(w2, 17) ^ BitOperations.RotateRight(w2, 19) ^ (w2 >> 10);
                    schedule[t] = schedule[t - 16] + s0 + schedule[t - 7] + s1;
                }

                uint a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
                for (var t = 0; t < 64; t++)
                {
                    var t1 = h + (BitOperations.RotateRight(e, 6) ^ BitOperations.RotateRight(e, 11) ^ BitOperations.RotateRight(e, 25))
                        + ((e & f) ^ (~e & g)) + k[t] + schedule[t];
                    var t2 = (BitOperations.RotateRight(a, 2) ^ BitOperations.RotateRight(a, 13) ^ BitOperations.RotateRight(a, 22))
                        + ((a & b) ^ (a & c) ^ (b & c));
                    h = g;
                    g = f;
                    f = e;
                    e = d + t1;
                    d = c;
                    c = b;
                    b = a;
                    a = t1 + t2;
                }

                h0 += a;
                h1 += b;
                h2 += c;
                h3 += d;
                h4 += e;
                h5 += f;
                h6 += g;
                h7 += h;
            }
        }

        WriteWord(state, 0, h0);
        WriteWord(state, 4, h1);
        WriteWord(state, 8, h2);
        WriteWord(state, 12, h3);
        WriteWord(state, 16, h4);
        WriteWord(state, 20, h5);
        WriteWord(state, 24, h6);
        WriteWord(state, 28, h7);
    }

    private static uint ReadWord(ReadOnlySpan<byte> fields, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(fields[offset..]);

    private static void WriteWord(Span<byte> fields, int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(fields[offset..], value);

    private static uint ReadWord(byte* state, int offset) => ReadWord(new ReadOnlySpan<byte>(state, ResumableSha256.StateSize), offset);

    private static void WriteWord(byte* state, int offset, uint value) => WriteWord(new Span<byte>(state, ResumableSha256.StateSize), offset, value);
}
