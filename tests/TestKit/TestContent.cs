using System.Security.Cryptography;
using System.Text;

namespace OrleansRegistry.TestKit;

/// <summary>Blob bytes and their digests, computed independently of the registry's own digest code, and files of them.</summary>
public static class TestContent
{
    /// <summary>The digest of zero bytes.</summary>
    public const string EmptySha256 = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>
    /// Incompressible bytes, so that a layer really is megabytes on the wire rather than a few kilobytes of gzip, and a
    /// registry that truncates or reorders data cannot go unnoticed.
    /// </summary>
    public static byte[] RandomBytes(int length) => RandomNumberGenerator.GetBytes(length);

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static string Utf8String(byte[] content) => Encoding.UTF8.GetString(content);

    public static string Sha256(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    public static string Sha512(byte[] content) => "sha512:" + Convert.ToHexStringLower(SHA512.HashData(content));

    /// <summary>A well-formed sha256 digest of content nobody pushed.</summary>
    public static string UnknownSha256() => Sha256(RandomBytes(32));

    public static string WriteFile(string directory, string name, byte[] content)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public static string WriteFile(string directory, string name, string text) => WriteFile(directory, name, Utf8(text));
}
