using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;

namespace OrleansRegistry.Api.Tests.HostileInput;

/// <summary>
/// Kestrel resolves <c>.</c> and <c>..</c> segments (also percent-encoded) before routing, so the path the
/// registry would route is not the one the client wrote. The registry judges what was written: a request target with
/// a dot segment, raw or encoded in any case, is <c>NAME_INVALID</c> in the spec's shape, on every endpoint.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class DotSegmentTests(RegistryFixture fixture)
{
    private const string Digest = "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
    private const string UploadId = "0b8f2f7e-5a8c-4c1e-9a43-6d1f3c2b7e10";

    public static TheoryData<string, string> DotSegmentTargets() => new()
    {
        { "POST", "/v2/team/app/../../other/blobs/uploads/" },
        { "POST", "/v2/team/app/%2E%2E/%2e%2e/other/blobs/uploads/" },
        { "POST", "/v2/team/app/%2e%2E/.%2e/other/blobs/uploads/" },
        { "POST", "/v2/team/./app/blobs/uploads/" },
        { "POST", "/v2/team/%2E/app/blobs/uploads/?mount=" + Digest + "&from=team/app" },
        { "GET", "/v2/../../etc/passwd" },
        { "GET", "/v2/%2e%2e/%2e%2e/etc/passwd" },
        { "GET", "/v2/team/app/../other/tags/list" },
        { "GET", "/v2/team/app/%2E%2E/other/manifests/latest" },
        { "GET", "/v2/team/app/manifests/.." },
        { "GET", "/v2/team/app/blobs/%2e" },
        { "GET", "/v2/team/app/../other/blobs/" + Digest },
        { "GET", "/v2/team/app/../other/referrers/" + Digest },
        { "GET", "/v2/team/../_catalog" },
        { "PUT", "/v2/team/app/../other/manifests/latest" },
        { "DELETE", "/v2/team/app/%2e%2e/other/manifests/" + Digest },
        { "DELETE", "/v2/team/app/../other/blobs/" + Digest },
        { "PATCH", "/v2/team/app/../other/blobs/uploads/" + UploadId },
        { "PUT", "/v2/team/app/../other/blobs/uploads/" + UploadId + "?digest=" + Digest },
        { "GET", "/v2/team/app/../other/blobs/uploads/" + UploadId },
    };

    [Theory]
    [MemberData(nameof(DotSegmentTargets))]
    public async Task A_dot_segment_in_the_request_target_is_name_invalid(string method, string target)
    {
        var response = await RawHttp.SendAsync(fixture.Client.Address, method, target, ("Content-Length", "0"));

        var detail = response.ShouldBeError(400, "NAME_INVALID");
        Assert.Contains("segment", detail);
    }

    [Fact]
    public async Task A_head_with_a_dot_segment_is_a_bodiless_400()
    {
        var response = await RawHttp.SendAsync(fixture.Client.Address, "HEAD", "/v2/team/app/../other/manifests/latest");

        Assert.Equal(400, response.Status);
        Assert.Equal("registry/2.0", response.Header("Docker-Distribution-API-Version"));
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task An_upload_start_that_climbs_into_another_repository_opens_no_session_there()
    {
        var other = RepositoryNames.Unique("other");
        var response = await RawHttp.SendAsync(
            fixture.Client.Address, "POST", $"/v2/team/app/../../{other}/blobs/uploads/", ("Content-Length", "0"));

        response.ShouldBeError(400, "NAME_INVALID");
        Assert.Null(response.Header("Location"));
        Assert.Null(response.Header("Docker-Upload-UUID"));
    }

    [Fact]
    public async Task Dots_inside_the_components_of_a_name_are_no_dot_segments()
    {
        var response = await RawHttp.SendAsync(
            fixture.Client.Address, "POST", $"/v2/{RepositoryNames.Unique("my.team")}/app.v2/blobs/uploads/", ("Content-Length", "0"));

        Assert.Equal((int)HttpStatusCode.Accepted, response.Status);
    }
}
