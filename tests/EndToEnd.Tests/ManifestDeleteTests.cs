using System.Net;
using System.Net.Http.Headers;
using OrleansRegistry.EndToEnd.Tests.Infrastructure;
using OrleansRegistry.TestKit;
using Xunit.Abstractions;

namespace OrleansRegistry.EndToEnd.Tests;

/// <summary>
/// `skopeo delete` resolves the tag to a digest and deletes the manifest by digest. Afterwards the
/// manifest is gone under both its tag and its digest, and nothing else in the repository is.
/// </summary>
public sealed class ManifestDeleteTests(RegistryProcess registry, ITestOutputHelper output)
    : IClassFixture<RegistryProcess>, IDisposable
{
    private readonly Clients _clients = new(output);

    [Fact(Timeout = 300_000)]
    public async Task Deleted_manifest_is_unknown_by_tag_and_by_digest_while_other_tags_survive()
    {
        using var work = new TemporaryDirectory("e2e-delete");
        var layout = await OciLayout.CreateAsync(_clients, work.Combine("src"));
        var doomed = await layout.AddImageAsync("doomed", "amd64", new Dictionary<string, string>
        {
            ["/doomed.txt"] = TestContent.WriteFile(work.Combine("files"), "doomed.txt", "delete me\n"),
        });
        var kept = await layout.AddImageAsync("kept", "amd64", new Dictionary<string, string>
        {
            ["/kept.txt"] = TestContent.WriteFile(work.Combine("files"), "kept.txt", "keep me\n"),
        });
        Assert.NotEqual(doomed.Digest, kept.Digest);
        var skopeo = new Skopeo(_clients, registry);
        await skopeo.PushAsync(layout.Reference("doomed"), "e2e/delete:v1");
        await skopeo.PushAsync(layout.Reference("kept"), "e2e/delete:keep");
        Assert.Equal(doomed.Digest, Digest.Sha256(await skopeo.InspectRawAsync("e2e/delete:v1")));

        await skopeo.DeleteAsync("e2e/delete:v1");

        // containers/image turns the MANIFEST_UNKNOWN error code of the response body into the
        // words "manifest unknown"; a bare 404 without the OCI error body would read differently.
        var inspect = await skopeo.TryInspectAsync("e2e/delete:v1");
        Assert.True(inspect.ExitCode != 0, $"inspect of a deleted tag succeeded:\n{inspect.Describe()}");
        Assert.Contains("manifest unknown", inspect.StandardError, StringComparison.OrdinalIgnoreCase);

        using var http = registry.CreateHttpClient();
        using var byDigest = new HttpRequestMessage(HttpMethod.Get, $"v2/e2e/delete/manifests/{doomed.Digest}");
        byDigest.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(OciLayout.ManifestMediaType));
        using var response = await http.SendAsync(byDigest);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        // The other image in the same repository is untouched.
        Assert.Equal(kept.Digest, Digest.Sha256(await skopeo.InspectRawAsync("e2e/delete:keep")));
    }

    public void Dispose() => output.WriteLine(registry.LogTail());
}
