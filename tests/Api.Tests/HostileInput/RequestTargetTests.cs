using OrleansRegistry.Api.Tests.Infrastructure;

namespace OrleansRegistry.Api.Tests.HostileInput;

/// <summary>
/// Request targets the server framework could refuse on its own, with an empty body: what is well formed but
/// oversized (a 10 KiB digest or name) reaches the registry's parsers and gets the spec's error; what the framework
/// must refuse itself (a NUL in the path) is refused before anything is read or stored.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class RequestTargetTests(RegistryFixture fixture)
{
    private const string UploadPlaceholder = "{upload}";

    public static TheoryData<string, string, string> LongDigestTargets()
    {
        string[] digests =
        [
            "sha256:" + new string('a', 10 * 1024),
            "SHA256:" + string.Concat(Enumerable.Repeat("aB", 5 * 1024)),
            "sha256%3A" + new string('0', 10 * 1024),
        ];
        (string Method, string Target)[] endpoints =
        [
            ("GET", "/v2/{repo}/blobs/{digest}"),
            ("HEAD", "/v2/{repo}/blobs/{digest}"),
            ("DELETE", "/v2/{repo}/blobs/{digest}"),
            ("GET", "/v2/{repo}/manifests/{digest}"),
            ("HEAD", "/v2/{repo}/manifests/{digest}"),
            ("PUT", "/v2/{repo}/manifests/{digest}"),
            ("DELETE", "/v2/{repo}/manifests/{digest}"),
            ("GET", "/v2/{repo}/referrers/{digest}"),
            ("POST", "/v2/{repo}/blobs/uploads/?digest={digest}"),
            ("PUT", UploadPlaceholder + "?digest={digest}"),
        ];
        var data = new TheoryData<string, string, string>();
        foreach (var digest in digests)
        {
            foreach (var (method, target) in endpoints)
            {
                data.Add(method, target, digest);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LongDigestTargets))]
    public async Task A_ten_kibibyte_digest_reaches_the_parser_and_is_digest_invalid(string method, string target, string digest)
    {
        var repository = RepositoryNames.Unique("target");
        var path = target.Replace("{repo}", repository).Replace("{digest}", digest);
        if (path.StartsWith(UploadPlaceholder, StringComparison.Ordinal))
        {
            path = path.Replace(UploadPlaceholder, await fixture.Client.StartUploadAsync(repository));
        }

        var response = await RawHttp.SendAsync(fixture.Client.Address, method, path, ("Content-Length", "0"));

        if (method == "HEAD")
        {
            Assert.Equal(400, response.Status);
            Assert.Equal("registry/2.0", response.Header("Docker-Distribution-API-Version"));
        }
        else
        {
            response.ShouldBeError(400, "DIGEST_INVALID");
        }
    }

    [Theory]
    [InlineData("GET", "/tags/list")]
    [InlineData("POST", "/blobs/uploads/")]
    [InlineData("PUT", "/manifests/latest")]
    public async Task A_ten_kibibyte_name_reaches_the_parser_and_is_name_invalid(string method, string suffix)
    {
        var name = string.Join('/', Enumerable.Repeat("abcdefghij", 1000));

        var response = await RawHttp.SendAsync(fixture.Client.Address, method, $"/v2/{name}{suffix}", ("Content-Length", "0"));

        response.ShouldBeError(400, "NAME_INVALID");
    }

    [Theory]
    [InlineData("/v2/target/app%00/tags/list")]
    [InlineData("/v2/target/app/manifests/latest%00")]
    [InlineData("/v2/target/app\0/tags/list")]
    public async Task A_nul_in_the_path_is_refused_by_the_server_before_the_registry_reads_anything(string target)
    {
        // Kestrel refuses a NUL in the path, raw or decoded, with a bare 400 of its own: documented in
        // docs/security.md as a rejection that cannot carry the spec's body.
        var response = await RawHttp.SendAsync(fixture.Client.Address, "GET", target);

        Assert.Equal(400, response.Status);
        Assert.Null(response.Header("Docker-Distribution-API-Version"));
    }

    [Theory]
    [InlineData("GET", "/v2/_catalog?n=%00", "PAGINATION_NUMBER_INVALID")]
    [InlineData("GET", "/v2/_catalog?n=%001", "PAGINATION_NUMBER_INVALID")]
    [InlineData("POST", "/v2/target/app/blobs/uploads/?digest=sha256:%00", "DIGEST_INVALID")]
    [InlineData("POST", "/v2/target/app/blobs/uploads/?digest=%00", "DIGEST_INVALID")]
    public async Task A_nul_in_a_query_parameter_reaches_the_registry_and_gets_the_spec_error(string method, string target, string code)
    {
        var response = await RawHttp.SendAsync(fixture.Client.Address, method, target, ("Content-Length", "0"));

        response.ShouldBeError(400, code);
    }
}
