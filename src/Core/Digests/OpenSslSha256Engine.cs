using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace OrleansRegistry.Core.Digests;

/// <summary>
/// SHA-256 by OpenSSL's <c>SHA256_Init</c>, <c>SHA256_Update</c> and <c>SHA256_Final</c>, found in whichever libcrypto
/// this machine has (the one .NET itself uses on Linux). They hash at memory speed with the CPU's SHA instructions.
/// </summary>
internal sealed unsafe class OpenSslSha256Engine : Sha256Engine
{
    private readonly string _library;
    private readonly delegate* unmanaged[Cdecl]<byte*, int> _init;
    private readonly delegate* unmanaged[Cdecl]<byte*, byte*, nuint, int> _update;
    private readonly delegate* unmanaged[Cdecl]<byte*, byte*, int> _final;

    private OpenSslSha256Engine(string library, nint init, nint update, nint final)
    {
        _library = library;
        _init = (delegate* unmanaged[Cdecl]<byte*, int>)init;
        _update = (delegate* unmanaged[Cdecl]<byte*, byte*, nuint, int>)update;
        _final = (delegate* unmanaged[Cdecl]<byte*, byte*, int>)final;
    }

    public override string Name => $"OpenSSL ({_library})";

    /// <summary>The first libcrypto that loads, exports the three functions and keeps the expected state; else null.</summary>
    public static OpenSslSha256Engine? TryLoad()
    {
        foreach (var library in CandidateNames())
        {
            if (!NativeLibrary.TryLoad(library, out var handle))
            {
                continue;
            }

            if (NativeLibrary.TryGetExport(handle, "SHA256_Init", out var init)
                && NativeLibrary.TryGetExport(handle, "SHA256_Update", out var update)
                && NativeLibrary.TryGetExport(handle, "SHA256_Final", out var final)
                && new OpenSslSha256Engine(library, init, update, final) is var engine
                && engine.KeepsTheExpectedState())
            {
                // The handle stays open for the life of the process, like a DllImport's.
                return engine;
            }

            NativeLibrary.Free(handle);
        }

        return null;
    }

    public override void Initialize(byte* state) => Check(_init(state), "SHA256_Init");

    public override void Append(byte* state, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            Check(_update(state, p, (nuint)data.Length), "SHA256_Update");
        }
    }

    public override void Finish(byte* state, Span<byte> digest)
    {
        fixed (byte* p = digest)
        {
            Check(_final(p, state), "SHA256_Final");
        }
    }

    /// <remarks>
    /// libcrypto's soname changes with its major version (3 today, 1.1 on older systems), and Homebrew's is not on
    /// macOS's default search path. Never the unversioned <c>libcrypto.dylib</c>: macOS ends a process that loads the
    /// system's.
    /// </remarks>
    private static string[] CandidateNames() =>
        OperatingSystem.IsWindows() ? ["libcrypto-3-x64.dll", "libcrypto-3-arm64.dll", "libcrypto-3.dll", "libcrypto-1_1-x64.dll", "libcrypto-1_1.dll"]
        : OperatingSystem.IsMacOS() ? ["libcrypto.3.dylib", "/opt/homebrew/opt/openssl@3/lib/libcrypto.3.dylib", "/usr/local/opt/openssl@3/lib/libcrypto.3.dylib", "libcrypto.1.1.dylib"]
        : ["libcrypto.so.3", "libcrypto.so.1.1", "libcrypto.so"];

    /// <summary>
    /// Hashes "abc" and checks both the digest and where the state keeps its fields: a library that lays out its
    /// context otherwise (another SSL library under the same name) could not exchange states with the managed engine.
    /// </summary>
    private bool KeepsTheExpectedState()
    {
        var state = stackalloc byte[ResumableSha256.StateSize];
        new Span<byte>(state, ResumableSha256.StateSize).Clear();
        if (_init(state) != 1)
        {
            return false;
        }

        ReadOnlySpan<byte> abc = "abc"u8;
        Append(state, abc);
        var fields = new ReadOnlySpan<byte>(state, ResumableSha256.StateSize);
        var expectedLayout = BinaryPrimitives.ReadUInt32LittleEndian(fields) == 0x6a09e667
            && BinaryPrimitives.ReadUInt32LittleEndian(fields[32..]) == 24
            && fields.Slice(40, 3).SequenceEqual(abc)
            && BinaryPrimitives.ReadUInt32LittleEndian(fields[104..]) == 3
            && BinaryPrimitives.ReadUInt32LittleEndian(fields[108..]) == 32;
        Span<byte> digest = stackalloc byte[32];
        Finish(state, digest);
        return expectedLayout && digest.SequenceEqual(SHA256.HashData(abc));
    }

    private static void Check(int result, string function)
    {
        if (result != 1)
        {
            throw new CryptographicException($"{function} failed");
        }
    }
}
