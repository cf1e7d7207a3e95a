using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;

namespace OrleansRegistry.Api.Tests.Http;

/// <summary><c>/v2/</c> tells clients this is a registry speaking the V2 API.</summary>
[Collection(RegistryCollection.Name)]
public sealed class BaseEndpointTests(RegistryFixture registry)
{
    [Theory]
    [InlineData("/v2/")]
    [InlineData("/v2")]
    public async Task Get_answers_200_with_the_api_version_header(string path)
    {
        using var response = await registry.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("registry/2.0", response.Header("Docker-Distribution-API-Version"));
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Head_answers_200_without_a_body()
    {
        using var response = await registry.Client.HeadAsync("/v2/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("registry/2.0", response.Header("Docker-Distribution-API-Version"));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Error_responses_carry_the_api_version_header_too()
    {
        using var response = await registry.Client.GetAsync($"/v2/{RepositoryNames.Unique("base")}/manifests/latest");

        await response.ShouldBeErrorAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        Assert.Equal("registry/2.0", response.Header("Docker-Distribution-API-Version"));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task Other_methods_are_unsupported(string method)
    {
        using var response = await registry.Client.SendAsync(new HttpMethod(method), "/v2/");

        await response.ShouldBeErrorAsync(HttpStatusCode.MethodNotAllowed, "UNSUPPORTED");
    }
}
