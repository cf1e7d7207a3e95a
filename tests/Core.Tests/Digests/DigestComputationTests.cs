using System.Security.Cryptography;
using System.Text;
using OrleansRegistry.Core.Digests;

namespace OrleansRegistry.Core.Tests.Digests;

/// <summary>Computing a digest of content: the published test vectors, and the names of the algorithms.</summary>
public sealed class DigestComputationTests
{
    [Fact]
    public void ComputeSha256_of_empty_content_is_the_well_known_empty_digest()
    {
        Assert.Equal(
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            Digest.ComputeSha256([]).ToString());
    }

    [Fact]
    public void Compute_sha_256_of_abc_matches_the_fips_vector()
    {
        Assert.Equal(
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            Digest.Compute(Digest.Sha256, "abc"u8).ToString());
    }

    [Theory]
    [InlineData(Digest.Sha256)]
    [InlineData(Digest.Sha512)]
    public async Task A_stream_read_to_its_end_has_the_digest_and_length_of_its_bytes(string algorithm)
    {
        // Longer than one read buffer, so that the hash goes on across reads.
        var content = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);

        var (digest, size) = await Digest.ComputeAsync(algorithm, new MemoryStream(content), CancellationToken.None);

        Assert.Equal(Digest.Compute(algorithm, content), digest);
        Assert.Equal(content.Length, size);
    }

    [Fact]
    public void Compute_sha_512_of_abc_matches_the_fips_vector()
    {
        Assert.Equal(
            "sha512:ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
            Digest.Compute(Digest.Sha512, "abc"u8).ToString());
    }

    [Fact]
    public void Compute_unsupported_algorithm_throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Digest.Compute("md5", "abc"u8));
    }

    [Fact]
    public void FromHash_writes_lowercase_hex()
    {
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes("x"));
        var digest = Digest.FromHash(Digest.Sha256, hash);
        Assert.Equal(Convert.ToHexStringLower(hash), digest.Encoded);
        Assert.True(Digest.TryParse(digest.ToString(), out _));
    }

    [Theory]
    [InlineData("sha256", "SHA256")]
    [InlineData("sha512", "SHA512")]
    public void HashAlgorithmNameOf_supported_algorithm_names_the_dot_net_algorithm(string algorithm, string expected)
    {
        Assert.Equal(expected, Digest.HashAlgorithmNameOf(algorithm).Name);
    }

    [Fact]
    public void HashAlgorithmNameOf_unsupported_algorithm_throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Digest.HashAlgorithmNameOf("sha1"));
    }
}
