using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary>With <c>Registry:Api:DeleteEnabled=false</c>, every delete of content is 405 UNSUPPORTED and nothing goes.</summary>
[Collection(DeletesDisabledRegistryCollection.Name)]
public sealed class DeletesDisabledTests(DeletesDisabledRegistryFixture registry)
{
    [Fact]
    public async Task Deleting_a_manifest_by_tag_is_unsupported_and_the_tag_stays()
    {
        var image = await registry.Client.PushImageAsync(RepositoryNames.Unique("no-delete"), "latest");

        using var response = await registry.Client.DeleteAsync($"/v2/{image.Repository}/manifests/latest");
        using var after = await registry.Client.HeadAsync($"/v2/{image.Repository}/manifests/latest");

        await response.ShouldBeErrorAsync(HttpStatusCode.MethodNotAllowed, "UNSUPPORTED");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Deleting_a_manifest_by_digest_is_unsupported_and_the_manifest_stays()
    {
        var image = await registry.Client.PushImageAsync(RepositoryNames.Unique("no-delete"), "latest");

        using var response = await registry.Client.DeleteAsync($"/v2/{image.Repository}/manifests/{image.Manifest.Digest}");
        using var after = await registry.Client.HeadAsync($"/v2/{image.Repository}/manifests/{image.Manifest.Digest}");

        await response.ShouldBeErrorAsync(HttpStatusCode.MethodNotAllowed, "UNSUPPORTED");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Deleting_a_blob_is_unsupported_and_the_blob_stays()
    {
        var repository = RepositoryNames.Unique("no-delete");
        var blob = await registry.Client.PushBlobAsync(repository, TestContent.RandomBytes(32));

        using var response = await registry.Client.DeleteAsync($"/v2/{repository}/blobs/{blob.Digest}");
        using var after = await registry.Client.HeadAsync($"/v2/{repository}/blobs/{blob.Digest}");

        await response.ShouldBeErrorAsync(HttpStatusCode.MethodNotAllowed, "UNSUPPORTED");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Cancelling_an_upload_is_still_allowed()
    {
        var location = await registry.Client.StartUploadAsync(RepositoryNames.Unique("no-delete"));

        using var response = await registry.Client.DeleteAsync(location);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
