using System.Net;
using System.Text.Json;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary>
/// <c>GET /v2/_catalog</c>: every repository, sorted, paged with <c>n</c> and <c>last</c>. Other tests add repositories
/// to the shared registry, so these tests page from just before a prefix only they use.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class CatalogTests(RegistryFixture registry)
{
    [Fact]
    public async Task The_catalog_is_sorted_and_holds_pushed_repositories()
    {
        var repositories = await PushRepositoriesAsync();

        using var response = await registry.Client.GetAsync("/v2/_catalog");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.ContentType());
        var listed = await ReadAsync(response);
        Assert.Equal(listed.Order(StringComparer.Ordinal), listed);
        Assert.All(repositories, repository => Assert.Contains(repository, listed));
        Assert.Equal(listed.Distinct().Count(), listed.Length);
    }

    [Fact]
    public async Task Pages_follow_last_and_link_to_the_next()
    {
        var repositories = await PushRepositoriesAsync();
        var prefix = repositories[0][..repositories[0].LastIndexOf('/')];

        using var first = await registry.Client.GetAsync($"/v2/_catalog?n=2&last={Uri.EscapeDataString(prefix)}");
        var next = first.NextPageLink();
        Assert.NotNull(next);
        using var second = await registry.Client.GetAsync(next);

        Assert.Equal(repositories[..2], await ReadAsync(first));
        Assert.Equal($"</v2/_catalog?n=2&last={Uri.EscapeDataString(repositories[1])}>; rel=\"next\"", first.Header("Link"));
        Assert.Equal(repositories[2], (await ReadAsync(second))[0]);
    }

    [Fact]
    public async Task N_of_zero_is_an_empty_list_without_a_link()
    {
        await PushRepositoriesAsync();

        using var response = await registry.Client.GetAsync("/v2/_catalog?n=0");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await ReadAsync(response));
        Assert.Null(response.Header("Link"));
    }

    [Fact]
    public async Task A_repository_appears_once_its_first_blob_is_pushed()
    {
        var repository = RepositoryNames.Unique("catalog");
        await registry.Client.PushBlobAsync(repository, TestContent.RandomBytes(3));

        using var response = await registry.Client.GetAsync($"/v2/_catalog?n=1&last={Uri.EscapeDataString(repository[..^1])}");

        Assert.Equal([repository], await ReadAsync(response));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("x")]
    public async Task An_invalid_n_is_pagination_number_invalid(string n)
    {
        using var response = await registry.Client.GetAsync($"/v2/_catalog?n={n}");

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "PAGINATION_NUMBER_INVALID");
    }

    /// <summary>Three repositories under one fresh prefix, in sorted order, pushed out of order.</summary>
    private async Task<string[]> PushRepositoriesAsync()
    {
        var prefix = RepositoryNames.Unique("catalog");
        string[] repositories = [$"{prefix}/a", $"{prefix}/b", $"{prefix}/c"];
        foreach (var repository in new[] { repositories[2], repositories[0], repositories[1] })
        {
            await registry.Client.PushImageAsync(repository, "latest");
        }

        return repositories;
    }

    private static async Task<string[]> ReadAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("repositories").EnumerateArray().Select(r => r.GetString()!).ToArray();
    }
}
