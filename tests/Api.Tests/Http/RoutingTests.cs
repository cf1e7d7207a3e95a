using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Http;

/// <summary>Paths under <c>/v2/</c> that name no endpoint, and methods an endpoint does not support.</summary>
[Collection(RegistryCollection.Name)]
public sealed class RoutingTests(RegistryFixture registry)
{
    private const string Digest = TestContent.EmptySha256;

    [Theory]
    [InlineData("/v2/alpine/unknown")]
    [InlineData("/v2/alpine/manifests/")]
    [InlineData("/v2/alpine/manifests/a/b")]
    [InlineData("/v2/alpine/tags")]
    [InlineData("/v2/_catalog/more")]
    public async Task An_unknown_path_is_a_404_json_error(string path)
    {
        using var response = await registry.Client.GetAsync(path);

        await response.ShouldBeErrorAsync(HttpStatusCode.NotFound, "NAME_UNKNOWN");
    }

    [Theory]
    [InlineData("POST", "/v2/alpine/manifests/latest")]
    [InlineData("PATCH", "/v2/alpine/manifests/latest")]
    [InlineData("PUT", "/v2/alpine/blobs/" + Digest)]
    [InlineData("POST", "/v2/alpine/blobs/" + Digest)]
    [InlineData("PATCH", "/v2/alpine/blobs/" + Digest)]
    [InlineData("GET", "/v2/alpine/blobs/uploads/")]
    [InlineData("PUT", "/v2/alpine/blobs/uploads/")]
    [InlineData("DELETE", "/v2/alpine/blobs/uploads/")]
    [InlineData("POST", "/v2/alpine/blobs/uploads/0b8c5a5e-3d55-4c3e-9f0c-2f1f0c6d7e8a")]
    [InlineData("HEAD", "/v2/alpine/blobs/uploads/0b8c5a5e-3d55-4c3e-9f0c-2f1f0c6d7e8a")]
    [InlineData("DELETE", "/v2/alpine/tags/list")]
    [InlineData("POST", "/v2/alpine/tags/list")]
    [InlineData("DELETE", "/v2/alpine/referrers/" + Digest)]
    [InlineData("PUT", "/v2/_catalog")]
    [InlineData("DELETE", "/v2/_catalog")]
    public async Task An_unsupported_method_is_405_unsupported(string method, string path)
    {
        using var response = await registry.Client.SendAsync(new HttpMethod(method), path);

        if (method == "HEAD")
        {
            await response.ShouldBeBodilessErrorAsync(HttpStatusCode.MethodNotAllowed);
        }
        else
        {
            await response.ShouldBeErrorAsync(HttpStatusCode.MethodNotAllowed, "UNSUPPORTED");
        }
    }
}
