using System.Runtime.InteropServices;

namespace OrleansRegistry.Core.Digests;

/// <summary>
/// SHA-256 whose running state can be exported and resumed in another process, so that an upload continued at
/// another gateway goes on hashing where the last accepted chunk ended.
/// </summary>
/// <remarks>
/// Written by hand because no library does both: <see cref="System.Security.Cryptography.IncrementalHash"/> cannot
/// export its state, and managed implementations that can (BouncyCastle) hash ten times slower. OpenSSL's
/// <c>SHA256_CTX</c> (from libcrypto, which .NET itself uses on Linux) is a plain struct, so its bytes are the state.
/// </remarks>
public sealed unsafe class ResumableSha256 : IDisposable
{
    /// <summary>sizeof(SHA256_CTX): eight 32-bit words of state, two length words, a 64-byte block, num and md_len.</summary>
    public const int StateSize = 112;

    private readonly byte* _context;
    private bool _disposed;

    private ResumableSha256()
    {
        _context = (byte*)NativeMemory.AllocZeroed(StateSize);
    }

    public static ResumableSha256 Create()
    {
        var hash = new ResumableSha256();
        if (OpenSsl.SHA256_Init(hash._context) != 1)
        {
            hash.Dispose();
            throw new InvalidOperationException("SHA256_Init failed");
        }

        return hash;
    }

    /// <summary>Resumes from bytes produced by <see cref="ExportState"/>; an empty state starts a new hash.</summary>
    public static ResumableSha256 Resume(ReadOnlySpan<byte> state)
    {
        if (state.IsEmpty)
        {
            return Create();
        }

        if (state.Length != StateSize)
        {
            throw new ArgumentException($"a SHA-256 state has {StateSize} bytes, not {state.Length}", nameof(state));
        }

        var hash = new ResumableSha256();
        state.CopyTo(new Span<byte>(hash._context, StateSize));
        return hash;
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        fixed (byte* p = data)
        {
            if (OpenSsl.SHA256_Update(_context, p, (nuint)data.Length) != 1)
            {
                throw new InvalidOperationException("SHA256_Update failed");
            }
        }
    }

    public byte[] ExportState()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new ReadOnlySpan<byte>(_context, StateSize).ToArray();
    }

    /// <summary>The digest of everything appended so far; the running state is left untouched.</summary>
    public Digest Peek()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var copy = stackalloc byte[StateSize];
        new ReadOnlySpan<byte>(_context, StateSize).CopyTo(new Span<byte>(copy, StateSize));
        var hash = stackalloc byte[32];
        if (OpenSsl.SHA256_Final(hash, copy) != 1)
        {
            throw new InvalidOperationException("SHA256_Final failed");
        }

        return Digest.FromHash(Digest.Sha256, new ReadOnlySpan<byte>(hash, 32));
    }

    /// <summary>The digest of the bytes a state was exported after.</summary>
    public static Digest DigestOf(ReadOnlySpan<byte> state)
    {
        using var hash = Resume(state);
        return hash.Peek();
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            NativeMemory.Free(_context);
        }
    }

    private static class OpenSsl
    {
        private const string Library = "libcrypto.so.3";

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int SHA256_Init(byte* context);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int SHA256_Update(byte* context, byte* data, nuint length);

        [DllImport(Library, CallingConvention = CallingConvention.Cdecl)]
        public static extern int SHA256_Final(byte* digest, byte* context);
    }
}
