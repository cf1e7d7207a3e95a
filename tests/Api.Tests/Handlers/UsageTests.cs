using System.Net;
using System.Text.Json;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary>
/// Storage used and quotas, as an operator and a client see them: <c>GET /_registry/usage</c> answers a repository's
/// usage (the bytes of its images, to the byte) and quota, or a namespace's sum; a push past a quota is refused with
/// <c>403 DENIED</c> naming the quota, and leaves nothing visible.
/// </summary>
[Collection(CollectingRegistryCollection.Name)]
public sealed class UsageTests(CollectingRegistryFixture registry)
{
    private const string Path = "/_registry/usage";

    private RegistryClient Client => registry.Client;

    [Fact]
    public async Task A_repository_s_usage_is_its_images_bytes_to_the_byte()
    {
        var repository = RepositoryNames.Unique("usage");
        var image = await Client.PushImageAsync(repository, "v1");
        await Client.PushBlobAsync(repository, [1, 2, 3, 4, 5]);

        var report = await GetAsync($"?repository={repository}");

        var usage = report.GetProperty("usage");
        Assert.Equal(image.Manifest.Size + image.Config.Size + image.Layer.Size, usage.GetProperty("bytes").GetInt64());
        Assert.Equal(5, usage.GetProperty("unreferencedBlobBytes").GetInt64());
        Assert.Equal((1, 1, 3), (usage.GetProperty("manifests").GetInt64(), usage.GetProperty("tags").GetInt64(), usage.GetProperty("linkedBlobs").GetInt64()));
        Assert.False(report.TryGetProperty("quota", out var quota) && quota.ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public async Task A_namespace_s_usage_adds_up_its_repositories_and_names_the_largest()
    {
        var space = $"usage-{Guid.NewGuid():N}";
        var small = await Client.PushImageAsync($"{space}/small", "v1");
        var large = await Client.PushImageAsync($"{space}/large", "v1");
        await Client.PushImageAsync($"{space}/large", "v2");
        await Client.PushImageAsync($"{space}x/outside", "v1");

        var report = await GetAsync($"?prefix={space}/");

        Assert.Equal(2, report.GetProperty("repositories").GetInt64());
        Assert.Equal(3, report.GetProperty("usage").GetProperty("manifests").GetInt64());
        Assert.Equal($"{space}/large", report.GetProperty("largest")[0].GetProperty("repository").GetString());
        Assert.True(report.GetProperty("usage").GetProperty("bytes").GetInt64() > small.Manifest.Size + large.Manifest.Size);
    }

    [Fact]
    public async Task A_push_past_its_quota_is_denied_with_a_message_that_names_it_and_leaves_nothing_visible()
    {
        var repository = $"{CollectingRegistryFixture.QuotaRepositories.TrimEnd('*')}{Guid.NewGuid():N}";
        await Client.PushImageAsync(repository, "first");

        var config = await Client.PushBlobAsync(repository, TestContent.Utf8("""{"architecture":"amd64","os":"linux"}"""), MediaTypeNames.OciConfig);
        var layer = await Client.PushBlobAsync(repository, TestContent.RandomBytes(1024), MediaTypeNames.OciLayer);

        using var refused = await Client.PutAsync($"/v2/{repository}/manifests/second", RegistryClient.Manifest(TestManifests.OciImage(config, [layer]), MediaTypeNames.OciManifest));
        using var manifest = await Client.GetAsync($"/v2/{repository}/manifests/second");
        var report = await GetAsync($"?repository={repository}");

        var detail = await refused.ShouldBeErrorAsync(HttpStatusCode.Forbidden, "DENIED");
        // Clients show "denied: <message>", so the message itself says why.
        var message = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("errors")[0].GetProperty("message").GetString();
        Assert.StartsWith($"quota exceeded: {repository} would take ", message);
        Assert.Contains($"over its quota of {CollectingRegistryFixture.QuotaBytes} (Registry:Quotas:Limits:0, {CollectingRegistryFixture.QuotaRepositories})", message);
        Assert.Equal(message, detail);
        await manifest.ShouldBeErrorAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        Assert.Equal(1, report.GetProperty("usage").GetProperty("manifests").GetInt64());
        Assert.Equal(CollectingRegistryFixture.QuotaBytes, report.GetProperty("quota").GetProperty("maxBytes").GetInt64());
        Assert.Equal("Registry:Quotas:Limits:0", report.GetProperty("quota").GetProperty("setting").GetString());
    }

    [Theory]
    [InlineData("?repository=never/pushed", HttpStatusCode.NotFound, "NAME_UNKNOWN")]
    [InlineData("?prefix=Upper/", HttpStatusCode.BadRequest, "NAME_INVALID")]
    [InlineData("?prefix=team/*", HttpStatusCode.BadRequest, "NAME_INVALID")]
    public async Task A_bad_query_is_a_spec_shaped_error(string query, HttpStatusCode status, string code)
    {
        using var response = await Client.GetAsync(Path + query);

        await response.ShouldBeErrorAsync(status, code);
    }

    private async Task<JsonElement> GetAsync(string query)
    {
        using var response = await Client.GetAsync(Path + query);
        return await AdminRuns.ReadAsync(response);
    }
}
