namespace OrleansRegistry.Core.Digests;

/// <summary>
/// Runs SHA-256 on a state laid out as OpenSSL's <c>SHA256_CTX</c>, so that a state one engine exported resumes in
/// the other: OpenSSL's libcrypto where the machine has it, managed code everywhere else.
/// </summary>
internal abstract unsafe class Sha256Engine
{
    private static readonly Lazy<Sha256Engine> Chosen = new(() => (Sha256Engine?)OpenSslSha256Engine.TryLoad() ?? ManagedSha256Engine.Instance);

    /// <summary>OpenSSL's when this machine has a usable libcrypto, else the managed one; chosen once per process.</summary>
    public static Sha256Engine Default => Chosen.Value;

    /// <summary>What hashes, for the start line of a host, e.g. "OpenSSL (libcrypto.so.3)".</summary>
    public abstract string Name { get; }

    /// <summary>Starts a hash in the <see cref="ResumableSha256.StateSize"/> bytes at <paramref name="state"/>.</summary>
    public abstract void Initialize(byte* state);

    public abstract void Append(byte* state, ReadOnlySpan<byte> data);

    /// <summary>Writes the 32-byte digest; the state is spent, so callers finish a copy.</summary>
    public abstract void Finish(byte* state, Span<byte> digest);
}
