using OrleansRegistry.Api.Http;
using OrleansRegistry.Core.Errors;

namespace OrleansRegistry.Api.Tests.Http;

/// <summary>The Content-Range of an upload chunk: the spec's "start-end" and RFC 9110's "bytes start-end/total".</summary>
public sealed class ChunkRangeTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void No_header_means_no_range(string? header) => Assert.Null(ChunkRange.Parse(header));

    [Theory]
    [InlineData("0-9", 0, 9)]
    [InlineData("10-19", 10, 19)]
    [InlineData("5-5", 5, 5)]
    [InlineData("  0-9  ", 0, 9)]
    [InlineData("bytes 0-9/10", 0, 9)]
    [InlineData("bytes 10-19/*", 10, 19)]
    [InlineData("BYTES 3-4/100", 3, 4)]
    [InlineData("0-9/10", 0, 9)]
    public void Inclusive_start_and_end_are_read_in_either_form(string header, long start, long end) =>
        Assert.Equal(new ChunkRange(start, end), ChunkRange.Parse(header));

    [Fact]
    public void The_length_counts_both_ends() => Assert.Equal(10, new ChunkRange(10, 19).Length);

    [Theory]
    [InlineData("abc")]
    [InlineData("-9")]
    [InlineData("0-")]
    [InlineData("9-0")]
    [InlineData("0-9-10")]
    [InlineData("+0-9")]
    [InlineData("0x0-9")]
    [InlineData("bytes=0-9")]
    [InlineData("bytes */10")]
    [InlineData("99999999999999999999-99999999999999999999")]
    public void A_malformed_range_is_refused_as_range_invalid(string header)
    {
        var error = Assert.Throws<RegistryException>(() => ChunkRange.Parse(header));

        Assert.Equal(RegistryErrorCode.RangeInvalid, error.Error);
    }
}
