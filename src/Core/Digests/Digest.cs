using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using OrleansRegistry.Core.Serialization;

namespace OrleansRegistry.Core.Digests;

/// <summary>
/// A content digest, <c>algorithm:encoded</c>, restricted to the algorithms this registry verifies (sha256, sha512).
/// </summary>
[JsonConverter(typeof(ParsableJsonConverter<Digest>))]
public readonly partial record struct Digest : IParsable<Digest>
{
    public const string Sha256 = "sha256";
    public const string Sha512 = "sha512";

    private Digest(string algorithm, string encoded)
    {
        Algorithm = algorithm;
        Encoded = encoded;
    }

    public string Algorithm { get; }

    public string Encoded { get; }

    public override string ToString() => $"{Algorithm}:{Encoded}";

    public static Digest Parse(string value) =>
        TryParse(value, out var digest) ? digest : throw new FormatException($"invalid digest '{value}'");

    /// <summary>Accepts only well-formed digests of a supported algorithm with the exact hex length and lowercase hex.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, out Digest digest)
    {
        digest = default;
        if (value is null || value.Length > 200 || !Grammar().IsMatch(value))
        {
            return false;
        }

        var colon = value.IndexOf(':');
        var algorithm = value[..colon];
        var encoded = value[(colon + 1)..];
        var expectedLength = algorithm switch
        {
            Sha256 => 64,
            Sha512 => 128,
            _ => -1,
        };
        if (encoded.Length != expectedLength || !IsLowerHex(encoded))
        {
            return false;
        }

        digest = new Digest(algorithm, encoded);
        return true;
    }

    static Digest IParsable<Digest>.Parse(string s, IFormatProvider? provider) => Parse(s);

    static bool IParsable<Digest>.TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out Digest result) => TryParse(s, out result);

    /// <summary>Whether the registry verifies digests of <paramref name="algorithm"/>, as the spec spells it (lowercase).</summary>
    public static bool IsSupportedAlgorithm(string? algorithm) => algorithm is Sha256 or Sha512;

    public static Digest FromHash(string algorithm, ReadOnlySpan<byte> hash) =>
        new(algorithm, Convert.ToHexStringLower(hash));

    public static Digest Compute(string algorithm, ReadOnlySpan<byte> content) => algorithm switch
    {
        Sha256 => FromHash(Sha256, SHA256.HashData(content)),
        Sha512 => FromHash(Sha512, SHA512.HashData(content)),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unsupported digest algorithm"),
    };

    public static Digest ComputeSha256(ReadOnlySpan<byte> content) => Compute(Sha256, content);

    /// <summary>The digest of everything <paramref name="content"/> holds, hashed as it is read, and how many bytes that was.</summary>
    public static async Task<(Digest Digest, long Size)> ComputeAsync(string algorithm, Stream content, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmNameOf(algorithm));
        var buffer = new byte[1 << 20];
        long size = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            size += read;
        }

        return (FromHash(algorithm, hash.GetHashAndReset()), size);
    }

    public static HashAlgorithmName HashAlgorithmNameOf(string algorithm) => algorithm switch
    {
        Sha256 => HashAlgorithmName.SHA256,
        Sha512 => HashAlgorithmName.SHA512,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unsupported digest algorithm"),
    };

    private static bool IsLowerHex(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }

    // The spec's digest grammar: algorithm-component (separator algorithm-component)* ":" encoded.
    [GeneratedRegex("^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();
}
