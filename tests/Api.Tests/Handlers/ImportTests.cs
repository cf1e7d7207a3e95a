using System.Net;
using System.Text.Json;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary>
/// Moving from CNCF Distribution without pushing again: a registry started on Distribution's storage tree imports its
/// repositories, tags and manifests through <c>POST /_registry/import</c>, and serves them with the same digests;
/// what does not verify is left out with its reason and never becomes visible.
/// </summary>
[Collection(ImportingRegistryCollection.Name)]
public sealed class ImportTests(ImportingRegistryFixture registry)
{
    private const string Path = "/_registry/import";

    private RegistryClient Client => registry.Client;

    private DistributionTreeWriter Tree => registry.Tree;

    [Fact]
    public async Task Images_an_index_and_a_referrer_from_the_tree_are_served_after_an_import_with_the_same_bytes_and_digests()
    {
        var repository = $"{RepositoryNames.Unique("import")}/nested/app";
        var image = Tree.Image(repository);
        Tree.Tag(repository, "v1", image.Manifest.Digest);
        var amd64 = Tree.Image(repository);
        // umoci writes no mediaType into its manifests; Distribution goes by their shape, and so must the import.
        var arm64 = Tree.Image(repository, "arm64", declareMediaType: false);
        var indexContent = TestManifests.OciIndex([new IndexEntry(amd64.Manifest), new IndexEntry(arm64.Manifest, Architecture: "arm64")]);
        var index = Tree.Manifest(repository, indexContent, MediaTypeNames.OciIndex);
        Tree.Tag(repository, "multi", index.Digest);
        var empty = Tree.Layer(repository, TestContent.Utf8("{}"), MediaTypeNames.OciEmpty);
        var sbomContent = TestManifests.OciImage(empty, [], subject: image.Manifest, artifactType: "application/vnd.example.sbom.v1");
        var sbom = Tree.Manifest(repository, sbomContent, MediaTypeNames.OciManifest);

        var report = await ImportAsync();

        Assert.Empty(ProblemsOf(report, repository));
        await AssertServedAsync(repository, "v1", image.ManifestContent, image.Manifest.Digest);
        await AssertServedAsync(repository, "multi", indexContent, index.Digest);
        await AssertServedAsync(repository, amd64.Manifest.Digest, amd64.ManifestContent, amd64.Manifest.Digest);
        await AssertServedAsync(repository, arm64.Manifest.Digest, arm64.ManifestContent, arm64.Manifest.Digest);
        using (var layer = await Client.GetAsync($"/v2/{repository}/blobs/{image.Layer.Digest}"))
        {
            Assert.Equal(image.LayerContent, await layer.Content.ReadAsByteArrayAsync());
        }

        using var tags = await Client.GetAsync($"/v2/{repository}/tags/list");
        Assert.Equal(["multi", "v1"], (await ReadAsync(tags)).GetProperty("tags").EnumerateArray().Select(t => t.GetString()).Order());
        using var referrers = await Client.GetAsync($"/v2/{repository}/referrers/{image.Manifest.Digest}");
        Assert.Equal([sbom.Digest], (await ReadAsync(referrers)).GetProperty("manifests").EnumerateArray().Select(m => m.GetProperty("digest").GetString()));
        using var catalog = await Client.GetAsync("/v2/_catalog?n=10000");
        Assert.Contains(repository, (await ReadAsync(catalog)).GetProperty("repositories").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task A_dry_run_counts_what_it_would_import_and_imports_nothing()
    {
        var repository = RepositoryNames.Unique("import-dry");
        var image = Tree.Image(repository);
        Tree.Tag(repository, "latest", image.Manifest.Digest);

        var report = await ImportAsync("?dryRun=true");

        Assert.True(report.GetProperty("dryRun").GetBoolean());
        Assert.True(report.GetProperty("manifestsImported").GetInt64() >= 1);
        Assert.True(report.GetProperty("tagsImported").GetInt64() >= 1);
        Assert.True(report.GetProperty("blobsLinked").GetInt64() >= 2);
        using var manifest = await Client.GetAsync($"/v2/{repository}/manifests/latest");
        Assert.Equal(HttpStatusCode.NotFound, manifest.StatusCode);
        using var blob = await Client.HeadAsync($"/v2/{repository}/blobs/{image.Layer.Digest}");
        Assert.Equal(HttpStatusCode.NotFound, blob.StatusCode);
    }

    [Fact]
    public async Task Importing_again_imports_nothing_and_counts_what_is_there()
    {
        var repository = RepositoryNames.Unique("import-again");
        var image = Tree.Image(repository);
        Tree.Tag(repository, "latest", image.Manifest.Digest);
        await ImportAsync();

        var again = await ImportAsync();

        Assert.Equal(0, again.GetProperty("manifestsImported").GetInt64());
        Assert.Equal(0, again.GetProperty("tagsImported").GetInt64());
        Assert.Equal(0, again.GetProperty("blobsLinked").GetInt64());
        Assert.True(again.GetProperty("manifestsPresent").GetInt64() >= 1);
        Assert.True(again.GetProperty("tagsPresent").GetInt64() >= 1);
        Assert.True(again.GetProperty("blobsPresent").GetInt64() >= 2);
        await AssertServedAsync(repository, "latest", image.ManifestContent, image.Manifest.Digest);
    }

    [Fact]
    public async Task A_revision_whose_bytes_do_not_have_its_digest_is_left_out_with_its_tag_and_never_served()
    {
        var repository = RepositoryNames.Unique("import-corrupt");
        var image = Tree.Image(repository);
        var forged = TestContent.UnknownSha256();
        Tree.Manifest(repository, image.ManifestContent, MediaTypeNames.OciManifest, digest: forged);
        Tree.Tag(repository, "forged", forged);

        var report = await ImportAsync();

        var problems = ProblemsOf(report, repository);
        Assert.Contains(problems, p => p.Item == $"manifest {forged}" && p.Reason.Contains($"digest {image.Manifest.Digest}"));
        Assert.Contains(problems, p => p.Item == "tag forged");
        using var byDigest = await Client.GetAsync($"/v2/{repository}/manifests/{forged}");
        Assert.Equal(HttpStatusCode.NotFound, byDigest.StatusCode);
        using var byTag = await Client.GetAsync($"/v2/{repository}/manifests/forged");
        Assert.Equal(HttpStatusCode.NotFound, byTag.StatusCode);
    }

    [Fact]
    public async Task A_layer_whose_bytes_are_damaged_is_not_linked_and_the_manifest_needing_it_is_left_out()
    {
        var repository = RepositoryNames.Unique("import-layer");
        var config = Tree.Layer(repository, TestContent.Utf8("""{"architecture":"amd64","os":"linux"}"""), MediaTypeNames.OciConfig);
        var layerContent = TestContent.RandomBytes(1024);
        var damaged = Tree.Layer(repository, TestContent.RandomBytes(1024), MediaTypeNames.OciLayer, digest: TestContent.Sha256(layerContent));
        var manifestContent = TestManifests.OciImage(config, [damaged]);
        var manifest = Tree.Manifest(repository, manifestContent, MediaTypeNames.OciManifest);
        Tree.Tag(repository, "latest", manifest.Digest);

        var report = await ImportAsync();

        var problems = ProblemsOf(report, repository);
        Assert.Contains(problems, p => p.Item == $"blob {damaged.Digest}" && p.Reason.Contains("digest"));
        Assert.Contains(problems, p => p.Item == $"manifest {manifest.Digest}" && p.Reason.Contains(damaged.Digest));
        using var blob = await Client.HeadAsync($"/v2/{repository}/blobs/{damaged.Digest}");
        Assert.Equal(HttpStatusCode.NotFound, blob.StatusCode);
        using var tagged = await Client.GetAsync($"/v2/{repository}/manifests/latest");
        Assert.Equal(HttpStatusCode.NotFound, tagged.StatusCode);
    }

    [Fact]
    public async Task A_link_that_names_another_digest_than_its_path_or_none_is_left_out()
    {
        var repository = RepositoryNames.Unique("import-link");
        var stored = Tree.Blob(TestContent.RandomBytes(100), MediaTypeNames.OciLayer);
        var other = TestContent.UnknownSha256();
        Tree.LinkLayer(repository, other, linked: stored.Digest);
        var garbled = TestContent.UnknownSha256();
        Tree.LinkLayer(repository, garbled, linked: "not a digest");

        var report = await ImportAsync();

        var problems = ProblemsOf(report, repository);
        Assert.Contains(problems, p => p.Item == $"blob {other}" && p.Reason.Contains(stored.Digest));
        Assert.Contains(problems, p => p.Item == $"blob {garbled}" && p.Reason.Contains("no digest"));
        using var blob = await Client.HeadAsync($"/v2/{repository}/blobs/{stored.Digest}");
        Assert.Equal(HttpStatusCode.NotFound, blob.StatusCode);
    }

    [Fact]
    public async Task A_revision_whose_bytes_are_missing_is_left_out_and_the_rest_of_its_repository_is_imported()
    {
        var repository = RepositoryNames.Unique("import-missing");
        var image = Tree.Image(repository);
        Tree.Tag(repository, "kept", image.Manifest.Digest);
        var missing = TestContent.UnknownSha256();
        Tree.LinkRevision(repository, missing);
        Tree.Tag(repository, "lost", missing);

        var report = await ImportAsync();

        var problems = ProblemsOf(report, repository);
        Assert.Contains(problems, p => p.Item == $"manifest {missing}" && p.Reason.Contains("not in storage"));
        Assert.Contains(problems, p => p.Item == "tag lost");
        await AssertServedAsync(repository, "kept", image.ManifestContent, image.Manifest.Digest);
    }

    [Fact]
    public async Task A_repository_whose_name_is_not_valid_here_is_left_out_and_counted_as_walked()
    {
        var repository = $"{RepositoryNames.Unique("import-name")}/Upper_Case";
        Tree.Image(repository);

        var report = await ImportAsync();

        Assert.Contains(ProblemsOf(report, repository), p => p.Item == "repository");
        Assert.Equal(report.GetProperty("repositoriesFound").GetInt64(), report.GetProperty("repositories").GetInt64());
    }

    [Fact]
    public async Task A_tag_pushed_here_before_the_import_keeps_pointing_where_it_was_pushed()
    {
        var repository = RepositoryNames.Unique("import-pushed");
        var old = Tree.Image(repository);
        Tree.Tag(repository, "latest", old.Manifest.Digest);
        var pushed = await Client.PushImageAsync(repository, "latest");

        var report = await ImportAsync();

        Assert.Contains(ProblemsOf(report, repository), p => p.Item == "tag latest" && p.Reason.Contains(pushed.Manifest.Digest));
        await AssertServedAsync(repository, "latest", pushed.ManifestContent, pushed.Manifest.Digest);
        await AssertServedAsync(repository, old.Manifest.Digest, old.ManifestContent, old.Manifest.Digest);
    }

    [Fact]
    public async Task A_run_starts_at_once_and_answers_202_with_where_to_follow_it()
    {
        await WaitIdleAsync();

        using var started = await Client.PostAsync("/_registry/import?dryRun=true");

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal("/_registry/import", started.Headers.Location?.OriginalString);
        Assert.True((await ReadAsync(started)).GetProperty("dryRun").GetBoolean());
        Assert.Equal("finished", (await WaitIdleAsync()).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_flag_that_is_not_a_boolean_is_a_spec_shaped_400()
    {
        using var response = await Client.PostAsync("/_registry/import?dryRun=maybe");

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "UNSUPPORTED");
    }

    private async Task AssertServedAsync(string repository, string reference, byte[] content, string digest)
    {
        using var response = await Client.GetAsync(
            $"/v2/{repository}/manifests/{reference}", [.. MediaTypeNames.ContainersImageAccept.Select(type => ("Accept", type))]);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{repository}:{reference} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(digest, response.Header("Docker-Content-Digest"));
    }

    private static List<(string Item, string Reason)> ProblemsOf(JsonElement report, string repository) =>
        report.GetProperty("problems").EnumerateArray()
            .Where(p => p.GetProperty("repository").GetString() == repository)
            .Select(p => (p.GetProperty("item").GetString()!, p.GetProperty("reason").GetString()!))
            .ToList();

    private Task<JsonElement> ImportAsync(string query = "") => Client.RunToEndAsync(Path, query);

    private Task<JsonElement> WaitIdleAsync() => Client.WaitIdleAsync(Path);

    private static Task<JsonElement> ReadAsync(HttpResponseMessage response) => AdminRuns.ReadAsync(response);
}
