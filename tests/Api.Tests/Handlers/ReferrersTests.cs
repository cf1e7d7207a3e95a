using System.Net;
using System.Text.Json;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary>
/// <c>GET /v2/&lt;name&gt;/referrers/&lt;digest&gt;</c>: an OCI index of the manifests whose subject is the digest,
/// with their artifact types and annotations, filterable by artifact type, and never a 404.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class ReferrersTests(RegistryFixture registry)
{
    private const string Sbom = "application/vnd.example.sbom.v1";
    private const string Signature = "application/vnd.example.signature.v1";

    [Fact]
    public async Task The_referrers_are_listed_with_artifact_type_and_annotations()
    {
        var (subject, sbom, signature) = await PushSubjectWithReferrersAsync();

        using var response = await registry.Client.GetAsync($"/v2/{subject.Repository}/referrers/{subject.Manifest.Digest}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(MediaTypeNames.OciIndex, response.Header("Content-Type"));
        Assert.Null(response.Header("OCI-Filters-Applied"));
        using var index = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, index.RootElement.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(MediaTypeNames.OciIndex, index.RootElement.GetProperty("mediaType").GetString());
        var manifests = ByDigest(index);
        Assert.Equal(2, manifests.Count);

        var sbomEntry = manifests[sbom.Digest];
        Assert.Equal(MediaTypeNames.OciManifest, sbomEntry.GetProperty("mediaType").GetString());
        Assert.Equal(sbom.Size, sbomEntry.GetProperty("size").GetInt64());
        Assert.Equal(Sbom, sbomEntry.GetProperty("artifactType").GetString());
        Assert.Equal("spdx", sbomEntry.GetProperty("annotations").GetProperty("org.example.format").GetString());

        var signatureEntry = manifests[signature.Digest];
        Assert.Equal(Signature, signatureEntry.GetProperty("artifactType").GetString());
        Assert.Equal("abcd", signatureEntry.GetProperty("annotations").GetProperty("org.example.fingerprint").GetString());
    }

    [Fact]
    public async Task The_artifact_type_filter_keeps_matching_referrers_and_says_it_was_applied()
    {
        var (subject, sbom, _) = await PushSubjectWithReferrersAsync();

        using var response = await registry.Client.GetAsync(
            $"/v2/{subject.Repository}/referrers/{subject.Manifest.Digest}?artifactType={Uri.EscapeDataString(Sbom)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("artifactType", response.Header("OCI-Filters-Applied"));
        using var index = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal([sbom.Digest], ByDigest(index).Keys);
    }

    [Fact]
    public async Task A_filter_nothing_matches_gives_an_empty_index()
    {
        var (subject, _, _) = await PushSubjectWithReferrersAsync();

        using var response = await registry.Client.GetAsync(
            $"/v2/{subject.Repository}/referrers/{subject.Manifest.Digest}?artifactType=application/vnd.example.none");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("artifactType", response.Header("OCI-Filters-Applied"));
        using var index = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Empty(ByDigest(index));
    }

    [Fact]
    public async Task A_manifest_without_artifact_type_is_listed_with_its_config_media_type()
    {
        var repository = RepositoryNames.Unique("referrers");
        var subject = await registry.Client.PushImageAsync(repository, "latest");
        var config = await registry.Client.PushBlobAsync(repository, TestContent.Utf8("{\"kind\":\"attestation\"}"), "application/vnd.example.config.v1+json");
        var referrer = TestManifests.OciImage(config, [], subject.Manifest);
        var digest = await registry.Client.PushManifestAsync(repository, TestContent.Sha256(referrer), referrer, MediaTypeNames.OciManifest);

        using var response = await registry.Client.GetAsync($"/v2/{repository}/referrers/{subject.Manifest.Digest}");

        using var index = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("application/vnd.example.config.v1+json", ByDigest(index)[digest].GetProperty("artifactType").GetString());
    }

    [Fact]
    public async Task An_index_referrer_without_artifact_type_omits_it()
    {
        var repository = RepositoryNames.Unique("referrers");
        var subject = await registry.Client.PushImageAsync(repository, "latest");
        var referrer = TestManifests.OciIndex([], subject.Manifest, annotations: new Dictionary<string, string> { ["k"] = "v" });
        var digest = await registry.Client.PushManifestAsync(repository, TestContent.Sha256(referrer), referrer, MediaTypeNames.OciIndex);

        using var response = await registry.Client.GetAsync($"/v2/{repository}/referrers/{subject.Manifest.Digest}");

        using var index = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var entry = ByDigest(index)[digest];
        Assert.Equal(MediaTypeNames.OciIndex, entry.GetProperty("mediaType").GetString());
        Assert.False(entry.TryGetProperty("artifactType", out _));
        Assert.Equal("v", entry.GetProperty("annotations").GetProperty("k").GetString());
    }

    [Fact]
    public async Task A_referrer_pushed_before_its_subject_is_listed()
    {
        var repository = RepositoryNames.Unique("referrers");
        var config = await registry.Client.PushEmptyConfigAsync(repository);
        var future = new ContentDescriptor(MediaTypeNames.OciManifest, TestContent.UnknownSha256(), 100);
        var referrer = TestManifests.OciImage(config, [], future, artifactType: Sbom);
        var digest = await registry.Client.PushManifestAsync(repository, TestContent.Sha256(referrer), referrer, MediaTypeNames.OciManifest);

        using var response = await registry.Client.GetAsync($"/v2/{repository}/referrers/{future.Digest}");

        using var index = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal([digest], ByDigest(index).Keys);
    }

    [Fact]
    public async Task A_deleted_referrer_is_no_longer_listed()
    {
        var (subject, sbom, signature) = await PushSubjectWithReferrersAsync();
        using var deleted = await registry.Client.DeleteAsync($"/v2/{subject.Repository}/manifests/{sbom.Digest}");

        using var response = await registry.Client.GetAsync($"/v2/{subject.Repository}/referrers/{subject.Manifest.Digest}");

        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        using var index = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal([signature.Digest], ByDigest(index).Keys);
    }

    [Fact]
    public async Task A_digest_without_referrers_gives_an_empty_index()
    {
        var image = await registry.Client.PushImageAsync(RepositoryNames.Unique("referrers"), "latest");

        using var response = await registry.Client.GetAsync($"/v2/{image.Repository}/referrers/{TestContent.UnknownSha256()}");

        await AssertEmptyIndexAsync(response);
    }

    [Fact]
    public async Task An_unknown_repository_gives_an_empty_index()
    {
        using var response = await registry.Client.GetAsync($"/v2/{RepositoryNames.Unique("referrers")}/referrers/{TestContent.UnknownSha256()}");

        await AssertEmptyIndexAsync(response);
    }

    [Fact]
    public async Task Referrers_are_scoped_to_their_repository()
    {
        var (subject, _, _) = await PushSubjectWithReferrersAsync();

        using var response = await registry.Client.GetAsync($"/v2/{RepositoryNames.Unique("referrers")}/referrers/{subject.Manifest.Digest}");

        await AssertEmptyIndexAsync(response);
    }

    [Theory]
    [InlineData("sha256:totallywrong")]
    [InlineData("latest")]
    public async Task An_invalid_digest_is_400_digest_invalid(string digest)
    {
        using var response = await registry.Client.GetAsync($"/v2/{RepositoryNames.Unique("referrers")}/referrers/{digest}");

        await response.ShouldBeErrorAsync(HttpStatusCode.BadRequest, "DIGEST_INVALID");
    }

    private async Task<(PushedImage Subject, ContentDescriptor Sbom, ContentDescriptor Signature)> PushSubjectWithReferrersAsync()
    {
        var repository = RepositoryNames.Unique("referrers");
        var subject = await registry.Client.PushImageAsync(repository, "latest");
        var config = await registry.Client.PushEmptyConfigAsync(repository);
        var sbom = TestManifests.OciImage(config, [], subject.Manifest, Sbom, new Dictionary<string, string> { ["org.example.format"] = "spdx" });
        var signature = TestManifests.OciImage(config, [], subject.Manifest, Signature, new Dictionary<string, string> { ["org.example.fingerprint"] = "abcd" });
        await registry.Client.PushManifestAsync(repository, TestContent.Sha256(sbom), sbom, MediaTypeNames.OciManifest);
        await registry.Client.PushManifestAsync(repository, TestContent.Sha256(signature), signature, MediaTypeNames.OciManifest);
        return (subject, ContentDescriptor.Of(MediaTypeNames.OciManifest, sbom), ContentDescriptor.Of(MediaTypeNames.OciManifest, signature));
    }

    private static Dictionary<string, JsonElement> ByDigest(JsonDocument index) =>
        index.RootElement.GetProperty("manifests").EnumerateArray().ToDictionary(m => m.GetProperty("digest").GetString()!, m => m.Clone());

    private static async Task AssertEmptyIndexAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(MediaTypeNames.OciIndex, response.Header("Content-Type"));
        using var index = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, index.RootElement.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(JsonValueKind.Array, index.RootElement.GetProperty("manifests").ValueKind);
        Assert.Equal(0, index.RootElement.GetProperty("manifests").GetArrayLength());
    }
}
