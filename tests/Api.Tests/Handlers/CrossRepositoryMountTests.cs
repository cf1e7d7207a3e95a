using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Handlers;

/// <summary>
/// <c>POST ?mount=&lt;digest&gt;&amp;from=&lt;repository&gt;</c>: 201 when the blob can be linked without an upload,
/// otherwise a 202 session to upload it, as the spec asks.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class CrossRepositoryMountTests(RegistryFixture registry)
{
    [Fact]
    public async Task Mounting_from_a_repository_that_has_the_blob_is_201_and_links_it()
    {
        var source = RepositoryNames.Unique("mount");
        var target = RepositoryNames.Unique("mount");
        var content = TestContent.RandomBytes(300);
        var blob = await registry.Client.PushBlobAsync(source, content);

        using var response = await registry.Client.PostAsync($"/v2/{target}/blobs/uploads/?mount={blob.Digest}&from={source}");
        using var mounted = await registry.Client.GetAsync($"/v2/{target}/blobs/{blob.Digest}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/v2/{target}/blobs/{blob.Digest}", response.Location());
        Assert.Equal(blob.Digest, response.Header("Docker-Content-Digest"));
        Assert.Equal(content, await mounted.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Mounting_from_a_repository_without_the_blob_opens_an_upload_instead()
    {
        var elsewhere = RepositoryNames.Unique("mount");
        var source = RepositoryNames.Unique("mount");
        var target = RepositoryNames.Unique("mount");
        await registry.Client.PushBlobAsync(source, TestContent.RandomBytes(8));
        var blob = await registry.Client.PushBlobAsync(elsewhere, TestContent.RandomBytes(8));

        using var response = await registry.Client.PostAsync($"/v2/{target}/blobs/uploads/?mount={blob.Digest}&from={source}");
        using var head = await registry.Client.HeadAsync($"/v2/{target}/blobs/{blob.Digest}");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.StartsWith($"/v2/{target}/blobs/uploads/", response.Location());
        Assert.Equal("0-0", response.Header("Range"));
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
    }

    [Fact]
    public async Task The_session_a_failed_mount_opens_completes_an_upload()
    {
        var target = RepositoryNames.Unique("mount");
        var content = TestContent.RandomBytes(50);
        var digest = TestContent.Sha256(content);

        using var response = await registry.Client.PostAsync($"/v2/{target}/blobs/uploads/?mount={digest}&from={RepositoryNames.Unique("mount")}");
        using var finished = await registry.Client.PutAsync(
            RegistryClient.WithQuery(response.Location(), "digest=" + digest), RegistryClient.Bytes(content));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(HttpStatusCode.Created, finished.StatusCode);
    }

    [Fact]
    public async Task Mounting_without_from_links_a_blob_the_registry_holds_anywhere()
    {
        var source = RepositoryNames.Unique("mount");
        var target = RepositoryNames.Unique("mount");
        var blob = await registry.Client.PushBlobAsync(source, TestContent.RandomBytes(40));

        using var response = await registry.Client.PostAsync($"/v2/{target}/blobs/uploads/?mount={blob.Digest}");
        using var head = await registry.Client.HeadAsync($"/v2/{target}/blobs/{blob.Digest}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/v2/{target}/blobs/{blob.Digest}", response.Location());
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }

    [Fact]
    public async Task Mounting_without_from_a_blob_nobody_has_opens_an_upload()
    {
        var target = RepositoryNames.Unique("mount");

        using var response = await registry.Client.PostAsync($"/v2/{target}/blobs/uploads/?mount={TestContent.UnknownSha256()}");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.StartsWith($"/v2/{target}/blobs/uploads/", response.Location());
    }

    [Fact]
    public async Task Mounting_from_the_repository_itself_is_201_when_it_has_the_blob()
    {
        var repository = RepositoryNames.Unique("mount");
        var blob = await registry.Client.PushBlobAsync(repository, TestContent.RandomBytes(40));

        using var response = await registry.Client.PostAsync($"/v2/{repository}/blobs/uploads/?mount={blob.Digest}&from={repository}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_deleted_blob_can_no_longer_be_mounted_from_that_repository()
    {
        var source = RepositoryNames.Unique("mount");
        var target = RepositoryNames.Unique("mount");
        var blob = await registry.Client.PushBlobAsync(source, TestContent.RandomBytes(40));
        using var deleted = await registry.Client.DeleteAsync($"/v2/{source}/blobs/{blob.Digest}");

        using var response = await registry.Client.PostAsync($"/v2/{target}/blobs/uploads/?mount={blob.Digest}&from={source}");

        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task An_invalid_source_name_falls_back_to_a_new_upload()
    {
        using var response = await registry.Client.PostAsync(
            $"/v2/{RepositoryNames.Unique("mount")}/blobs/uploads/?mount={TestContent.UnknownSha256()}&from=Not/Valid");

        // The spec: a registry that cannot mount SHOULD start an upload instead, so the push goes on.
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Contains("/blobs/uploads/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_invalid_mount_digest_falls_back_to_a_new_upload()
    {
        using var response = await registry.Client.PostAsync(
            $"/v2/{RepositoryNames.Unique("mount")}/blobs/uploads/?mount=sha256:nothex&from={RepositoryNames.Unique("mount")}");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Contains("/blobs/uploads/", response.Headers.Location!.OriginalString);
    }
}
