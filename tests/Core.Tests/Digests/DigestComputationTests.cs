using System.Security.Cryptography;
using System.Text;
using OrleansRegistry.Core.Digests;

namespace OrleansRegistry.Core.Tests.Digests;

/// <summary>Computing a digest of content: the published test vectors, and the names of the algorithms.</summary>
public sealed class DigestComputationTests
{
    [Fact]
    public void ComputeSha256_OfEmptyContent_IsTheWellKnownEmptyDigest()
    {
        Assert.Equal(
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            Digest.ComputeSha256([]).ToString());
    }

    [Fact]
    public void Compute_Sha256OfAbc_MatchesTheFipsVector()
    {
        Assert.Equal(
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            Digest.Compute(Digest.Sha256, "abc"u8).ToString());
    }

    [Fact]
    public void Compute_Sha512OfAbc_MatchesTheFipsVector()
    {
        Assert.Equal(
            "sha512:ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
            Digest.Compute(Digest.Sha512, "abc"u8).ToString());
    }

    [Fact]
    public void Compute_UnsupportedAlgorithm_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Digest.Compute("md5", "abc"u8));
    }

    [Fact]
    public void FromHash_WritesLowercaseHex()
    {
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes("x"));
        var digest = Digest.FromHash(Digest.Sha256, hash);
        Assert.Equal(Convert.ToHexStringLower(hash), digest.Encoded);
        Assert.True(Digest.TryParse(digest.ToString(), out _));
    }

    [Theory]
    [InlineData("sha256", "SHA256")]
    [InlineData("sha512", "SHA512")]
    public void HashAlgorithmNameOf_SupportedAlgorithm_NamesTheDotNetAlgorithm(string algorithm, string expected)
    {
        Assert.Equal(expected, Digest.HashAlgorithmNameOf(algorithm).Name);
    }

    [Fact]
    public void HashAlgorithmNameOf_UnsupportedAlgorithm_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Digest.HashAlgorithmNameOf("sha1"));
    }
}
