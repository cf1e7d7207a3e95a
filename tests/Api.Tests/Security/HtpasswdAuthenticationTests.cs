using System.Net;
using OrleansRegistry.Api.Tests.Infrastructure;

namespace OrleansRegistry.Api.Tests.Security;

/// <summary>HTTP Basic authentication against an htpasswd file, and the rules that decide what each user may do.</summary>
public sealed class HtpasswdAuthenticationTests(HtpasswdRegistryFixture fixture) : IClassFixture<HtpasswdRegistryFixture>
{
    [Fact]
    public async Task Base_endpoint_challenges_a_caller_without_credentials()
    {
        using var anonymous = fixture.ClientAs(null);
        using var response = await anonymous.GetAsync("/v2/");

        await response.ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal("Basic realm=\"test-realm\",charset=\"UTF-8\"", response.Header("WWW-Authenticate"));
    }

    [Fact]
    public async Task Base_endpoint_answers_any_authenticated_user()
    {
        using var mallory = fixture.ClientAs("mallory");
        using var response = await mallory.GetAsync("/v2/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("alice", "wrong")]
    [InlineData("nobody", SecuredRegistryFixture.Password)]
    [InlineData("", "")]
    public async Task Wrong_credentials_are_unauthorized_everywhere(string user, string password)
    {
        using var client = SecurityFiles.ClientOf(fixture.Registry, SecurityFiles.Basic(user, password));
        foreach (var path in new[] { "/v2/", "/v2/team/app/tags/list", "/v2/_catalog" })
        {
            using var response = await client.GetAsync(path);
            await response.ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
            Assert.StartsWith("Basic realm=", response.Header("WWW-Authenticate"));
        }
    }

    [Fact]
    public async Task Malformed_authorization_is_unauthorized()
    {
        foreach (var authorization in new[] { "Basic !!!notbase64", "Basic " + Convert.ToBase64String("no-colon"u8.ToArray()), "Bearer abc" })
        {
            using var response = await fixture.Registry.Client.SendAsync(HttpMethod.Get, "/v2/", null, ("Authorization", authorization));
            await response.ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        }
    }

    [Fact]
    public async Task A_user_pushes_and_pulls_where_a_rule_allows_it()
    {
        using var alice = fixture.ClientAs("alice");
        var image = await alice.PushImageAsync(RepositoryNames.Unique("team"), "v1");

        using var manifest = await alice.GetAsync($"/v2/{image.Repository}/manifests/v1", ("Accept", MediaTypeNames.OciManifest));
        Assert.Equal(HttpStatusCode.OK, manifest.StatusCode);
        Assert.Equal(image.ManifestContent, await manifest.Content.ReadAsByteArrayAsync());
        using var layer = await alice.GetAsync($"/v2/{image.Repository}/blobs/{image.Layer.Digest}");
        Assert.Equal(image.LayerContent, await layer.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_group_member_pulls_but_may_not_push_or_delete()
    {
        using var admin = fixture.ClientAs("admin");
        var image = await admin.PushImageAsync(RepositoryNames.Unique("other"), "v1");
        using var bob = fixture.ClientAs("bob");

        using var pulled = await bob.GetAsync($"/v2/{image.Repository}/manifests/v1", ("Accept", MediaTypeNames.OciManifest));
        Assert.Equal(HttpStatusCode.OK, pulled.StatusCode);
        using var tags = await bob.GetAsync($"/v2/{image.Repository}/tags/list");
        Assert.Equal(HttpStatusCode.OK, tags.StatusCode);

        using var upload = await bob.PostAsync($"/v2/{image.Repository}/blobs/uploads/");
        await upload.ShouldBeErrorAsync(HttpStatusCode.Forbidden, "DENIED");
        using var put = await bob.PutAsync($"/v2/{image.Repository}/manifests/v2", RegistryClient.Manifest(image.ManifestContent, MediaTypeNames.OciManifest));
        await put.ShouldBeErrorAsync(HttpStatusCode.Forbidden, "DENIED");
        using var delete = await bob.DeleteAsync($"/v2/{image.Repository}/manifests/{image.Manifest.Digest}");
        await delete.ShouldBeErrorAsync(HttpStatusCode.Forbidden, "DENIED");

        // Nothing the refused requests tried changed what is stored.
        using var after = await admin.GetAsync($"/v2/{image.Repository}/tags/list");
        Assert.Equal($$"""{"name":"{{image.Repository}}","tags":["v1"]}""", await after.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Push_without_a_rule_is_denied_and_delete_needs_the_delete_action()
    {
        using var alice = fixture.ClientAs("alice");
        using var elsewhere = await alice.PostAsync($"/v2/{RepositoryNames.Unique("other")}/blobs/uploads/");
        await elsewhere.ShouldBeErrorAsync(HttpStatusCode.Forbidden, "DENIED");

        var image = await alice.PushImageAsync(RepositoryNames.Unique("team"), "v1");
        using var delete = await alice.DeleteAsync($"/v2/{image.Repository}/manifests/{image.Manifest.Digest}");
        await delete.ShouldBeErrorAsync(HttpStatusCode.Forbidden, "DENIED");

        using var mallory = fixture.ClientAs("mallory");
        using var pull = await mallory.GetAsync($"/v2/{image.Repository}/blobs/{image.Layer.Digest}");
        await pull.ShouldBeErrorAsync(HttpStatusCode.Forbidden, "DENIED");
        using var head = await mallory.HeadAsync($"/v2/{image.Repository}/manifests/v1");
        await head.ShouldBeBodilessErrorAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Anonymous_reads_are_challenged_without_anonymous_pull()
    {
        using var admin = fixture.ClientAs("admin");
        var image = await admin.PushImageAsync(RepositoryNames.Unique("team"), "v1");
        using var anonymous = fixture.ClientAs(null);

        using var response = await anonymous.GetAsync($"/v2/{image.Repository}/manifests/v1");
        await response.ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.StartsWith("Basic realm=", response.Header("WWW-Authenticate"));
    }

    [Fact]
    public async Task The_catalog_needs_a_catalog_rule()
    {
        using var alice = fixture.ClientAs("alice");
        using var allowed = await alice.GetAsync("/v2/_catalog");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);

        using var bob = fixture.ClientAs("bob");
        using var denied = await bob.GetAsync("/v2/_catalog");
        await denied.ShouldBeErrorAsync(HttpStatusCode.Forbidden, "DENIED");
    }

    [Theory]
    [InlineData("GET", "/_registry/gc")]
    [InlineData("POST", "/_registry/gc?dryRun=true")]
    [InlineData("GET", "/_registry/retention")]
    [InlineData("POST", "/_registry/retention?dryRun=true")]
    [InlineData("GET", "/_registry/usage")]
    [InlineData("GET", "/_registry/import")]
    [InlineData("POST", "/_registry/import?dryRun=true")]
    public async Task The_admin_api_needs_an_admin_rule_and_is_challenged_without_credentials(string method, string path)
    {
        using var admin = fixture.ClientAs("admin");
        using var allowed = await admin.SendAsync(new HttpMethod(method), path);
        Assert.True(allowed.IsSuccessStatusCode, $"{(int)allowed.StatusCode}: {await allowed.Content.ReadAsStringAsync()}");

        // alice may list every repository, bob pull from every one: neither is an operator.
        using var alice = fixture.ClientAs("alice");
        using var denied = await alice.SendAsync(new HttpMethod(method), path);
        await denied.ShouldBeErrorAsync(HttpStatusCode.Forbidden, "DENIED");

        using var anonymous = fixture.ClientAs(null);
        using var challenged = await anonymous.SendAsync(new HttpMethod(method), path);
        await challenged.ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task A_denial_says_in_words_what_the_user_may_not_do()
    {
        using var bob = fixture.ClientAs("bob");
        using var mallory = fixture.ClientAs("mallory");

        using var catalog = await bob.GetAsync("/v2/_catalog");
        using var push = await bob.PostAsync("/v2/team/app/blobs/uploads/");
        using var delete = await bob.DeleteAsync("/v2/team/app/manifests/latest");
        using var pull = await mallory.GetAsync("/v2/team/app/tags/list");

        Assert.Equal("bob may not list the registry's repositories", await catalog.ShouldBeErrorAsync(HttpStatusCode.Forbidden, "DENIED"));
        Assert.Equal("bob may not push to team/app", await push.ShouldBeErrorAsync(HttpStatusCode.Forbidden, "DENIED"));
        Assert.Equal("bob may not delete from team/app", await delete.ShouldBeErrorAsync(HttpStatusCode.Forbidden, "DENIED"));
        Assert.Equal("mallory may not pull from team/app", await pull.ShouldBeErrorAsync(HttpStatusCode.Forbidden, "DENIED"));
    }

    [Fact]
    public async Task A_mount_from_a_repository_the_user_may_not_pull_falls_back_to_an_upload()
    {
        using var admin = fixture.ClientAs("admin");
        var secret = await admin.PushImageAsync(RepositoryNames.Unique("secret"), "v1");
        using var alice = fixture.ClientAs("alice");
        var target = RepositoryNames.Unique("team");

        using var refused = await alice.PostAsync($"/v2/{target}/blobs/uploads/?mount={secret.Layer.Digest}&from={secret.Repository}");
        Assert.Equal(HttpStatusCode.Accepted, refused.StatusCode);
        using var unmounted = await alice.HeadAsync($"/v2/{target}/blobs/{secret.Layer.Digest}");
        Assert.Equal(HttpStatusCode.NotFound, unmounted.StatusCode);

        // Without a source, a mount could take a blob from anywhere: refused too.
        using var sourceless = await alice.PostAsync($"/v2/{target}/blobs/uploads/?mount={secret.Layer.Digest}");
        Assert.Equal(HttpStatusCode.Accepted, sourceless.StatusCode);

        var own = await alice.PushImageAsync(RepositoryNames.Unique("team"), "v1");
        using var mounted = await alice.PostAsync($"/v2/{target}/blobs/uploads/?mount={own.Layer.Digest}&from={own.Repository}");
        Assert.Equal(HttpStatusCode.Created, mounted.StatusCode);
    }
}
