using OrleansRegistry.Api.Http;

namespace OrleansRegistry.Api.Tests.Http;

/// <summary>Which request targets, as written on the wire, address a path through a dot segment.</summary>
public sealed class RawRequestTargetTests
{
    [Theory]
    [InlineData("/v2/team/app/../../other/blobs/uploads/")]
    [InlineData("/v2/team/./app/tags/list")]
    [InlineData("/v2/team/app/%2e%2e/other/tags/list")]
    [InlineData("/v2/team/app/%2E%2E/other/tags/list")]
    [InlineData("/v2/team/app/%2e%2E/other/tags/list")]
    [InlineData("/v2/team/app/.%2e/other/tags/list")]
    [InlineData("/v2/team/app/%2E./other/tags/list")]
    [InlineData("/v2/team/%2E/app/tags/list")]
    [InlineData("/v2/team/app/manifests/..")]
    [InlineData("/v2/team/app/manifests/.?tag=x")]
    [InlineData("/v2/..")]
    [InlineData("/..")]
    [InlineData("http://registry.example/v2/team/../other/tags/list")]
    public void A_dot_segment_raw_or_encoded_in_any_case_is_found(string rawTarget)
    {
        Assert.True(RawRequestTarget.HasDotSegment(rawTarget));
    }

    [Theory]
    [InlineData("/v2/")]
    [InlineData("/v2/my.team/app.v2/manifests/v1.0.3")]
    [InlineData("/v2/team/app.../tags/list")]
    [InlineData("/v2/team/...")]
    [InlineData("/v2/team/app/%2e%2e%2e/tags/list")]
    [InlineData("/v2/team/app/%252e%252e/tags/list")]
    [InlineData("/v2/team/app/tags/list?last=..")]
    [InlineData("/v2/team/app/tags/list?last=/../")]
    [InlineData("*")]
    [InlineData("registry.example:443")]
    [InlineData("http://registry.example/v2/team/app/tags/list")]
    public void Dots_that_are_no_whole_segment_of_the_path_are_none(string rawTarget)
    {
        Assert.False(RawRequestTarget.HasDotSegment(rawTarget));
    }
}
