using OrleansRegistry.Core.Digests;

namespace OrleansRegistry.Core.Tests.Digests;

/// <summary>
/// Which strings are digests: the spec's grammar, restricted to the algorithms the registry can verify, with the
/// exact hex length of each and lowercase hex only (the registry compares digests as strings).
/// </summary>
public sealed class DigestParsingTests
{
    private const string Sha256Hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static readonly string Sha512Hex = new('a', 128);

    [Fact]
    public void TryParse_sha_256_with_sixty_four_lowercase_hex_digits_splits_algorithm_and_encoded()
    {
        Assert.True(Digest.TryParse($"sha256:{Sha256Hex}", out var digest));
        Assert.Equal("sha256", digest.Algorithm);
        Assert.Equal(Sha256Hex, digest.Encoded);
        Assert.Equal($"sha256:{Sha256Hex}", digest.ToString());
    }

    [Fact]
    public void TryParse_sha_512_with_one_hundred_twenty_eight_lowercase_hex_digits_is_accepted()
    {
        Assert.True(Digest.TryParse($"sha512:{Sha512Hex}", out var digest));
        Assert.Equal("sha512", digest.Algorithm);
        Assert.Equal(Sha512Hex, digest.Encoded);
    }

    [Fact]
    public void Parse_then_to_string_gives_back_the_same_text()
    {
        var text = $"sha256:{Sha256Hex}";
        Assert.Equal(text, Digest.Parse(text).ToString());
    }

    [Fact]
    public void Two_parses_of_the_same_text_are_equal()
    {
        // Grains key blobs by digest and compare digests for verification, so equality must be by value.
        Assert.Equal(Digest.Parse($"sha256:{Sha256Hex}"), Digest.Parse($"sha256:{Sha256Hex}"));
        Assert.NotEqual(Digest.Parse($"sha256:{Sha256Hex}"), Digest.Parse($"sha256:{new string('0', 64)}"));
    }

    [Fact]
    public void TryParse_uppercase_hex_is_rejected()
    {
        // The grammar allows uppercase, but sha256 and sha512 are defined as lowercase hex; accepting both would
        // give one blob two names.
        Assert.False(Digest.TryParse($"sha256:{Sha256Hex.ToUpperInvariant()}", out _));
        Assert.False(Digest.TryParse($"sha256:{Sha256Hex[..63]}A", out _));
    }

    [Fact]
    public void TryParse_uppercase_algorithm_is_rejected()
    {
        Assert.False(Digest.TryParse($"SHA256:{Sha256Hex}", out _));
    }

    [Theory]
    [InlineData(63)]
    [InlineData(65)]
    [InlineData(128)]
    [InlineData(0)]
    public void TryParse_sha_256_of_wrong_length_is_rejected(int length)
    {
        Assert.False(Digest.TryParse($"sha256:{new string('a', length)}", out _));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(127)]
    [InlineData(129)]
    public void TryParse_sha_512_of_wrong_length_is_rejected(int length)
    {
        Assert.False(Digest.TryParse($"sha512:{new string('a', length)}", out _));
    }

    [Theory]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("sha384:38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b")]
    [InlineData("sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709")]
    [InlineData("multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8")]
    public void TryParse_grammatical_digest_of_unsupported_algorithm_is_rejected(string value)
    {
        Assert.False(Digest.TryParse(value, out _));
    }

    [Fact]
    public void TryParse_sha_256_length_encoding_under_sha_512_is_rejected()
    {
        // The length belongs to the algorithm, not to any supported algorithm.
        Assert.False(Digest.TryParse($"sha512:{Sha256Hex}", out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sha256")]
    [InlineData("sha256:")]
    [InlineData(":e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("sha256::e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData(" sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 ")]
    [InlineData("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n")]
    [InlineData("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b785/855")]
    [InlineData("sha256:../../../../../../../../../../../../../../../../../../etc/passwd")]
    [InlineData("+sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("sha256+:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85g")]
    public void TryParse_text_outside_the_grammar_is_rejected(string value)
    {
        Assert.False(Digest.TryParse(value, out _));
    }

    [Fact]
    public void TryParse_null_is_rejected()
    {
        Assert.False(Digest.TryParse(null, out _));
    }

    [Fact]
    public void TryParse_text_longer_than_any_digest_is_rejected()
    {
        Assert.False(Digest.TryParse("sha256:" + new string('a', 100_000), out _));
    }

    [Fact]
    public void Parse_invalid_text_throws_format_exception()
    {
        Assert.Throws<FormatException>(() => Digest.Parse("sha256:abc"));
    }
}
