using System.Security.Cryptography;

namespace OrleansRegistry.EndToEnd.Tests.Infrastructure;

/// <summary>OCI content digests ("sha256:hex"), computed independently of any client.</summary>
internal static class Digest
{
    public static string Sha256(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    public static string Sha256(string text) => Sha256(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>The hex part of a digest, i.e. the blob's file name in an OCI layout.</summary>
    public static string Hex(string digest) =>
        digest.StartsWith("sha256:", StringComparison.Ordinal)
            ? digest["sha256:".Length..]
            : throw new ArgumentException($"Not a sha256 digest: {digest}", nameof(digest));
}
