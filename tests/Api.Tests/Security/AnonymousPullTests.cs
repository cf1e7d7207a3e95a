using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;

namespace OrleansRegistry.Api.Tests.Security;

/// <summary><c>Registry:Auth:AnonymousPull</c>: callers without credentials read everything and write nothing.</summary>
public sealed class AnonymousPullTests(AnonymousPullTests.Fixture fixture) : IClassFixture<AnonymousPullTests.Fixture>
{
    public sealed class Fixture : SecuredRegistryFixture
    {
        protected override IEnumerable<string> Settings(string directory) =>
            ["--Registry:Auth:Kind", "Htpasswd", "--Registry:Auth:AnonymousPull", "true"];
    }

    [Fact]
    public async Task Anonymous_callers_pull_but_do_not_push_delete_or_list_the_catalog()
    {
        using var alice = fixture.ClientAs("alice");
        var image = await alice.PushImageAsync(RepositoryNames.Unique("team"), "v1");
        using var anonymous = fixture.ClientAs(null);

        using var manifest = await anonymous.GetAsync($"/v2/{image.Repository}/manifests/v1", ("Accept", MediaTypeNames.OciManifest));
        Assert.Equal(HttpStatusCode.OK, manifest.StatusCode);
        using var blob = await anonymous.GetAsync($"/v2/{image.Repository}/blobs/{image.Layer.Digest}");
        Assert.Equal(image.LayerContent, await blob.Content.ReadAsByteArrayAsync());

        using var push = await anonymous.PostAsync($"/v2/{image.Repository}/blobs/uploads/");
        await push.ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        using var delete = await anonymous.DeleteAsync($"/v2/{image.Repository}/manifests/{image.Manifest.Digest}");
        await delete.ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        using var catalog = await anonymous.GetAsync("/v2/_catalog");
        await catalog.ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        using var root = await anonymous.GetAsync("/v2/");
        await root.ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }
}
