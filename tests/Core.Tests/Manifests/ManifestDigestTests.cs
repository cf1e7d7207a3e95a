using System.Security.Cryptography;
using System.Text;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Manifests;
using static OrleansRegistry.Core.Tests.Manifests.TestManifests;

namespace OrleansRegistry.Core.Tests.Manifests;

/// <summary>
/// A manifest's digest and size are of the exact bytes received. Re-serializing (even only whitespace) would
/// change the digest and break every signature and every client that pulls by digest.
/// </summary>
public sealed class ManifestDigestTests
{
    [Fact]
    public void Parse_digest_and_size_are_of_the_exact_bytes()
    {
        var bytes = Encoding.UTF8.GetBytes(OciManifest());

        var manifest = ManifestParser.Parse(bytes, MediaTypes.OciManifest);

        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)), manifest.Digest.ToString());
        Assert.Equal(bytes.Length, manifest.Size);
    }

    [Fact]
    public void Parse_same_manifest_with_other_whitespace_has_another_digest()
    {
        var compact = Encoding.UTF8.GetBytes(OciManifest());
        var indented = Encoding.UTF8.GetBytes("{\n   " + OciManifest()[1..].Replace(",", ",\n   ") + "\n\n");

        var first = ManifestParser.Parse(compact, null);
        var second = ManifestParser.Parse(indented, null);

        Assert.NotEqual(first.Digest, second.Digest);
        Assert.Equal(Digest.ComputeSha256(indented), second.Digest);
        Assert.Equal(indented.Length, second.Size);
    }

    [Fact]
    public void Parse_with_sha_512_digests_the_bytes_with_sha_512()
    {
        // A manifest PUT by a sha512 reference is verified with sha512.
        var bytes = Encoding.UTF8.GetBytes(OciManifest());
        var manifest = ManifestParser.Parse(bytes, null, Digest.Sha512);
        Assert.Equal("sha512:" + Convert.ToHexStringLower(SHA512.HashData(bytes)), manifest.Digest.ToString());
    }
}
