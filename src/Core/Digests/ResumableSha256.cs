using System.Runtime.InteropServices;

namespace OrleansRegistry.Core.Digests;

/// <summary>
/// SHA-256 whose running state can be exported and resumed in another process, so that an upload continued at
/// another gateway goes on hashing where the last accepted chunk ended.
/// </summary>
/// <remarks>
/// Written by hand because no library does both: <see cref="System.Security.Cryptography.IncrementalHash"/> cannot
/// export its state, and managed implementations that can (BouncyCastle) hash ten times slower. OpenSSL's
/// <c>SHA256_CTX</c> (from libcrypto, which .NET itself uses on Linux) is a plain struct, so its bytes are the state;
/// where there is no libcrypto, a managed engine keeps the same bytes, so states move freely between machines.
/// </remarks>
public sealed unsafe class ResumableSha256 : IDisposable
{
    /// <summary>sizeof(SHA256_CTX): eight 32-bit words of state, two length words, a 64-byte block, num and md_len.</summary>
    public const int StateSize = 112;

    private readonly Sha256Engine _engine;
    private readonly byte* _context;
    private bool _disposed;

    private ResumableSha256(Sha256Engine engine)
    {
        _engine = engine;
        _context = (byte*)NativeMemory.AllocZeroed(StateSize);
    }

    /// <summary>What hashes in this process: OpenSSL's libcrypto, or managed code where there is none.</summary>
    public static string Implementation => Sha256Engine.Default.Name;

    public static ResumableSha256 Create() => Create(Sha256Engine.Default);

    /// <summary>Resumes from bytes produced by <see cref="ExportState"/>; an empty state starts a new hash.</summary>
    public static ResumableSha256 Resume(ReadOnlySpan<byte> state) => Resume(state, Sha256Engine.Default);

    /// <summary>The digest of the bytes a state was exported after.</summary>
    public static Digest DigestOf(ReadOnlySpan<byte> state)
    {
        using var hash = Resume(state);
        return hash.Peek();
    }

    internal static ResumableSha256 Create(Sha256Engine engine)
    {
        var hash = new ResumableSha256(engine);
        engine.Initialize(hash._context);
        return hash;
    }

    internal static ResumableSha256 Resume(ReadOnlySpan<byte> state, Sha256Engine engine)
    {
        if (state.IsEmpty)
        {
            return Create(engine);
        }

        if (state.Length != StateSize)
        {
            throw new ArgumentException($"a SHA-256 state has {StateSize} bytes, not {state.Length}", nameof(state));
        }

        var hash = new ResumableSha256(engine);
        state.CopyTo(new Span<byte>(hash._context, StateSize));
        return hash;
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _engine.Append(_context, data);
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
        Span<byte> hash = stackalloc byte[32];
        _engine.Finish(copy, hash);
        return Digest.FromHash(Digest.Sha256, hash);
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            NativeMemory.Free(_context);
        }
    }
}
