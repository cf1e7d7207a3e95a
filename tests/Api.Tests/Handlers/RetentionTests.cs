using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary>
/// Retention policies as a CI cache and its operator see them (the policies are those of
/// <see cref="CollectingRegistryFixture"/>): a push past "keep the last N" retires the oldest tag at once and the
/// next collection frees its image; <c>POST /_registry/retention</c> runs the rules of time, with a dry run whose
/// report names each tag and its size.
/// </summary>
[Collection(CollectingRegistryCollection.Name)]
public sealed class RetentionTests(CollectingRegistryFixture registry)
{
    private const string Path = "/_registry/retention";

    private RegistryClient Client => registry.Client;

    [Fact]
    public async Task A_push_past_keep_last_retires_the_oldest_tag_and_a_collection_frees_its_image()
    {
        var repository = KeepLastRepository();
        var retired = await Client.PushImageAsync(repository, "build-1");
        await Client.PushImageAsync(repository, "v1.0");
        var kept = await Client.PushImageAsync(repository, "build-2");
        await Client.PushImageAsync(repository, "build-3");

        using var tags = await Client.GetAsync($"/v2/{repository}/tags/list");
        Assert.Equal(["build-2", "build-3", "v1.0"], (await AdminRuns.ReadAsync(tags)).GetProperty("tags").EnumerateArray().Select(tag => tag.GetString()).Order());
        using var byTag = await Client.GetAsync($"/v2/{repository}/manifests/build-1");
        await byTag.ShouldBeErrorAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");

        await Client.RunToEndAsync("/_registry/gc");

        using var byDigest = await Client.GetAsync($"/v2/{repository}/manifests/{retired.Manifest.Digest}");
        await byDigest.ShouldBeErrorAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
        using var layer = await Client.HeadAsync($"/v2/{repository}/blobs/{retired.Layer.Digest}");
        Assert.Equal(HttpStatusCode.NotFound, layer.StatusCode);
        using var keptLayer = await Client.GetAsync($"/v2/{repository}/blobs/{kept.Layer.Digest}");
        Assert.Equal(kept.LayerContent, await keptLayer.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_dry_run_reports_each_tag_it_would_delete_with_its_size_and_a_real_run_deletes_them()
    {
        var repository = $"{CollectingRegistryFixture.AgedRepositories.TrimEnd('*')}{Guid.NewGuid():N}";
        var old = await Client.PushImageAsync(repository, "old");
        await Task.Delay(CollectingRegistryFixture.MaxAge + TimeSpan.FromMilliseconds(500));

        var dry = await Client.RunToEndAsync(Path, $"?dryRun=true&repository={repository}");

        Assert.True(dry.GetProperty("dryRun").GetBoolean());
        Assert.Equal(repository, dry.GetProperty("repository").GetString());
        var tag = Assert.Single(dry.GetProperty("tags").EnumerateArray());
        Assert.Equal(("old", old.Manifest.Digest.ToString(), "DeleteOlderThan"), (tag.GetProperty("tag").GetString(), tag.GetProperty("digest").GetString(), tag.GetProperty("rule").GetString()));
        var size = old.Manifest.Size + old.Config.Size + old.Layer.Size;
        Assert.Equal(size, tag.GetProperty("size").GetInt64());
        Assert.Equal(size, dry.GetProperty("imageBytes").GetInt64());
        using var stillThere = await Client.GetAsync($"/v2/{repository}/manifests/old");
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);

        var real = await Client.RunToEndAsync(Path, $"?repository={repository}");

        Assert.Equal(1, real.GetProperty("tagsDeleted").GetInt64());
        using var gone = await Client.GetAsync($"/v2/{repository}/manifests/old");
        await gone.ShouldBeErrorAsync(HttpStatusCode.NotFound, "MANIFEST_UNKNOWN");
    }

    [Fact]
    public async Task A_run_over_every_policy_reaches_the_repositories_they_name_and_no_other()
    {
        var aged = $"{CollectingRegistryFixture.AgedRepositories.TrimEnd('*')}{Guid.NewGuid():N}";
        var ungoverned = RepositoryNames.Unique("retention-none");
        await Client.PushImageAsync(aged, "old");
        await Client.PushImageAsync(ungoverned, "old");
        await Task.Delay(CollectingRegistryFixture.MaxAge + TimeSpan.FromMilliseconds(500));

        var report = await Client.RunToEndAsync(Path);

        Assert.Contains(report.GetProperty("tags").EnumerateArray(), tag => tag.GetProperty("repository").GetString() == aged);
        Assert.DoesNotContain(report.GetProperty("tags").EnumerateArray(), tag => tag.GetProperty("repository").GetString() == ungoverned);
        using var kept = await Client.GetAsync($"/v2/{ungoverned}/manifests/old");
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
    }

    [Theory]
    [InlineData("?repository=Not..Valid", "NAME_INVALID")]
    [InlineData("?dryRun=perhaps", "UNSUPPORTED")]
    public async Task A_bad_query_is_a_spec_shaped_400(string query, string code)
    {
        using var response = await Client.PostAsync(Path + query);

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, code);
    }

    private static string KeepLastRepository() => $"{CollectingRegistryFixture.KeepLastRepositories.TrimEnd('*')}{Guid.NewGuid():N}";
}
