using OrleansRegistry.Api.Tests.Infrastructure;

namespace OrleansRegistry.Api.Tests.Security;

/// <summary>
/// A dot segment is refused before anyone's rights are looked at: the answer does not depend on who asks, so it
/// neither grants a path the rules would not (alice may push <c>team/**</c> only) nor tells who may do what.
/// </summary>
public sealed class DotSegmentAuthorizationTests(HtpasswdRegistryFixture fixture) : IClassFixture<HtpasswdRegistryFixture>
{
    [Theory]
    [InlineData(null, "POST", "/v2/team/app/../../other/blobs/uploads/")]
    [InlineData("alice", "POST", "/v2/team/app/../../other/blobs/uploads/")]
    [InlineData("alice", "POST", "/v2/team/app/%2E%2E/%2e%2E/other/blobs/uploads/")]
    [InlineData("mallory", "POST", "/v2/team/app/../../other/blobs/uploads/")]
    [InlineData("admin", "POST", "/v2/team/app/../../other/blobs/uploads/")]
    [InlineData("bob", "GET", "/v2/team/app/%2e%2e/other/tags/list")]
    [InlineData(null, "GET", "/v2/team/../_catalog")]
    public async Task A_dot_segment_is_name_invalid_whoever_asks(string? user, string method, string target)
    {
        (string, string)[] headers = user is null
            ? [("Content-Length", "0")]
            : [("Content-Length", "0"), ("Authorization", SecurityFiles.Basic(user, SecuredRegistryFixture.Password))];

        var response = await RawHttp.SendAsync(fixture.Registry.Address, method, target, headers);

        response.ShouldBeError(400, "NAME_INVALID");
        Assert.Null(response.Header("WWW-Authenticate"));
        Assert.Null(response.Header("Location"));
    }
}
