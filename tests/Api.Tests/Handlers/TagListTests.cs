using System.Net;
using System.Text.Json;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary><c>GET /v2/&lt;name&gt;/tags/list</c>: sorted, paged with <c>n</c> and <c>last</c>, linked to the next page.</summary>
[Collection(RegistryCollection.Name)]
public sealed class TagListTests(RegistryFixture registry)
{
    private static readonly string[] Tags = ["v10", "alpha", "v2", "1.0", "beta", "latest", "v1"];
    private static readonly string[] Sorted = ["1.0", "alpha", "beta", "latest", "v1", "v10", "v2"];

    [Fact]
    public async Task All_tags_are_listed_in_order_with_the_repository_name()
    {
        var repository = await PushTagsAsync();

        using var response = await registry.Client.GetAsync($"/v2/{repository}/tags/list");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.ContentType());
        var (name, tags) = await ReadAsync(response);
        Assert.Equal(repository, name);
        Assert.Equal(Sorted, tags);
        Assert.Null(response.Header("Link"));
    }

    /// <summary>The spec: "the tags MUST be in lexical order (i.e. case-insensitive alphanumeric order)".</summary>
    [Fact]
    public async Task Tags_differing_in_case_are_ordered_without_regard_to_case()
    {
        var repository = RepositoryNames.Unique("tags");
        var image = await registry.Client.PushImageAsync(repository, "gamma");
        foreach (var tag in new[] { "Delta", "alpha", "Beta" })
        {
            await registry.Client.PushManifestAsync(repository, tag, image.ManifestContent, MediaTypeNames.OciManifest);
        }

        using var response = await registry.Client.GetAsync($"/v2/{repository}/tags/list");

        Assert.Equal(["alpha", "Beta", "Delta", "gamma"], (await ReadAsync(response)).Tags);
    }

    [Fact]
    public async Task N_limits_the_page_and_links_to_the_next()
    {
        var repository = await PushTagsAsync();

        using var response = await registry.Client.GetAsync($"/v2/{repository}/tags/list?n=3");

        Assert.Equal(Sorted[..3], (await ReadAsync(response)).Tags);
        Assert.Equal($"</v2/{repository}/tags/list?n=3&last=beta>; rel=\"next\"", response.Header("Link"));
    }

    [Fact]
    public async Task Following_the_links_visits_every_tag_once_and_the_last_page_has_no_link()
    {
        var repository = await PushTagsAsync();
        var seen = new List<string>();
        var pages = 0;
        string? next = $"/v2/{repository}/tags/list?n=2";

        while (next is not null)
        {
            using var response = await registry.Client.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            seen.AddRange((await ReadAsync(response)).Tags);
            next = response.NextPageLink();
            Assert.True(++pages <= Sorted.Length, "the links do not end");
        }

        Assert.Equal(Sorted, seen);
        Assert.Equal(4, pages);
    }

    [Fact]
    public async Task Last_starts_after_the_named_tag()
    {
        var repository = await PushTagsAsync();

        using var response = await registry.Client.GetAsync($"/v2/{repository}/tags/list?last=latest");

        Assert.Equal(["v1", "v10", "v2"], (await ReadAsync(response)).Tags);
        Assert.Null(response.Header("Link"));
    }

    [Fact]
    public async Task Last_need_not_be_an_existing_tag()
    {
        var repository = await PushTagsAsync();

        using var response = await registry.Client.GetAsync($"/v2/{repository}/tags/list?n=2&last=b");

        Assert.Equal(["beta", "latest"], (await ReadAsync(response)).Tags);
    }

    [Fact]
    public async Task Last_past_every_tag_is_an_empty_page()
    {
        var repository = await PushTagsAsync();

        using var response = await registry.Client.GetAsync($"/v2/{repository}/tags/list?n=5&last=zzz");

        Assert.Empty((await ReadAsync(response)).Tags);
        Assert.Null(response.Header("Link"));
    }

    [Fact]
    public async Task N_of_exactly_the_tag_count_has_no_link()
    {
        var repository = await PushTagsAsync();

        using var response = await registry.Client.GetAsync($"/v2/{repository}/tags/list?n={Sorted.Length}");

        Assert.Equal(Sorted, (await ReadAsync(response)).Tags);
        Assert.Null(response.Header("Link"));
    }

    [Fact]
    public async Task N_of_zero_is_an_empty_list_without_a_link()
    {
        var repository = await PushTagsAsync();

        using var response = await registry.Client.GetAsync($"/v2/{repository}/tags/list?n=0");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty((await ReadAsync(response)).Tags);
        Assert.Null(response.Header("Link"));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1.5")]
    public async Task An_invalid_n_is_pagination_number_invalid(string n)
    {
        var repository = await PushTagsAsync();

        using var response = await registry.Client.GetAsync($"/v2/{repository}/tags/list?n={n}");

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "PAGINATION_NUMBER_INVALID");
    }

    [Fact]
    public async Task An_unknown_repository_is_name_unknown()
    {
        using var response = await registry.Client.GetAsync($"/v2/{RepositoryNames.Unique("tags")}/tags/list");

        await response.ShouldBeErrorAsync(HttpStatusCode.NotFound, "NAME_UNKNOWN");
    }

    [Fact]
    public async Task A_repository_with_only_blobs_has_an_empty_tag_list()
    {
        var repository = RepositoryNames.Unique("tags");
        await registry.Client.PushBlobAsync(repository, TestContent.RandomBytes(4));

        using var response = await registry.Client.GetAsync($"/v2/{repository}/tags/list");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (name, tags) = await ReadAsync(response);
        Assert.Equal(repository, name);
        Assert.Empty(tags);
    }

    private async Task<string> PushTagsAsync()
    {
        var repository = RepositoryNames.Unique("tags");
        var image = await registry.Client.PushImageAsync(repository, Tags[0]);
        foreach (var tag in Tags.Skip(1))
        {
            await registry.Client.PushManifestAsync(repository, tag, image.ManifestContent, MediaTypeNames.OciManifest);
        }

        return repository;
    }

    private static async Task<(string Name, string[] Tags)> ReadAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (
            body.RootElement.GetProperty("name").GetString()!,
            body.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray());
    }
}
