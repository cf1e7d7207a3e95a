using OrleansRegistry.Api.Http;

namespace OrleansRegistry.Api.Tests.Http;

/// <summary>A GET's Range header resolved against a blob's size, as RFC 9110 defines single byte ranges.</summary>
public sealed class ByteRangeTests
{
    [Theory]
    [InlineData("bytes=0-9", 100, 0, 10)]
    [InlineData("bytes=10-", 100, 10, 90)]
    [InlineData("bytes=90-200", 100, 90, 10)]
    [InlineData("bytes=99-99", 100, 99, 1)]
    [InlineData("bytes=-10", 100, 90, 10)]
    [InlineData("bytes=-200", 100, 0, 100)]
    [InlineData("BYTES=0-0", 100, 0, 1)]
    [InlineData("bytes= 2 - 3 ", 100, 2, 2)]
    public void A_satisfiable_range_resolves_to_start_and_length(string header, long size, long start, long length)
    {
        var result = ByteRange.Resolve(header, size);

        Assert.False(result.IsUnsatisfiable);
        Assert.Equal(new ByteRange(start, length), result.Range);
    }

    [Fact]
    public void The_end_is_inclusive() => Assert.Equal(19, new ByteRange(10, 10).End);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("items=0-9")]
    [InlineData("bytes=0-1,5-6")]
    [InlineData("bytes=5")]
    [InlineData("bytes=x-9")]
    [InlineData("bytes=0-y")]
    [InlineData("bytes=9-0")]
    [InlineData("bytes=-x")]
    public void An_absent_malformed_or_multi_range_header_serves_the_whole_blob(string? header) =>
        Assert.Equal(ByteRangeResult.Whole, ByteRange.Resolve(header, 100));

    [Theory]
    [InlineData("bytes=100-", 100)]
    [InlineData("bytes=150-200", 100)]
    [InlineData("bytes=-0", 100)]
    [InlineData("bytes=0-0", 0)]
    [InlineData("bytes=0-", 0)]
    [InlineData("bytes=-5", 0)]
    public void A_range_outside_the_blob_is_unsatisfiable(string header, long size) =>
        Assert.Equal(ByteRangeResult.Unsatisfiable, ByteRange.Resolve(header, size));
}
