using System.Net;
using System.Text;
using System.Text.Json;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Security;

/// <summary>The Docker token specification with the registry's own token endpoint.</summary>
public sealed class TokenAuthenticationTests(TokenRegistryFixture fixture) : IClassFixture<TokenRegistryFixture>
{
    private string Realm => $"http://{fixture.Registry.Address.Authority}/auth/token";

    [Fact]
    public async Task Challenges_name_the_realm_the_service_and_the_scope_the_request_needs()
    {
        using var anonymous = fixture.ClientAs(null);

        using var root = await anonymous.GetAsync("/v2/");
        await root.ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal($"Bearer realm=\"{Realm}\",service=\"{TokenRegistryFixture.Service}\"", root.Header("WWW-Authenticate"));

        using var pull = await anonymous.GetAsync("/v2/team/app/manifests/latest");
        await pull.ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal($"Bearer realm=\"{Realm}\",service=\"{TokenRegistryFixture.Service}\",scope=\"repository:team/app:pull\"", pull.Header("WWW-Authenticate"));

        using var push = await anonymous.PostAsync("/v2/team/app/blobs/uploads/");
        Assert.Equal($"Bearer realm=\"{Realm}\",service=\"{TokenRegistryFixture.Service}\",scope=\"repository:team/app:pull,push\"", push.Header("WWW-Authenticate"));

        using var delete = await anonymous.DeleteAsync($"/v2/team/app/manifests/{TestContent.UnknownSha256()}");
        Assert.Equal($"Bearer realm=\"{Realm}\",service=\"{TokenRegistryFixture.Service}\",scope=\"repository:team/app:delete\"", delete.Header("WWW-Authenticate"));

        using var catalog = await anonymous.GetAsync("/v2/_catalog");
        Assert.Equal($"Bearer realm=\"{Realm}\",service=\"{TokenRegistryFixture.Service}\",scope=\"registry:catalog:*\"", catalog.Header("WWW-Authenticate"));
    }

    [Fact]
    public async Task The_token_grants_only_what_the_rules_allow()
    {
        var answer = await fixture.RequestTokenAsync("alice", "repository:team/app:pull,push,delete", "repository:other/app:pull,push", "registry:catalog:*");

        Assert.Equal(answer.GetProperty("token").GetString(), answer.GetProperty("access_token").GetString());
        Assert.Equal(300, answer.GetProperty("expires_in").GetInt32());
        var issuedAt = DateTimeOffset.Parse(answer.GetProperty("issued_at").GetString()!);
        Assert.True(Math.Abs((DateTimeOffset.UtcNow - issuedAt).TotalMinutes) < 2);

        var claims = Claims(answer.GetProperty("token").GetString()!);
        Assert.Equal(TokenRegistryFixture.Issuer, claims.GetProperty("iss").GetString());
        Assert.Equal(TokenRegistryFixture.Service, claims.GetProperty("aud").GetString());
        Assert.Equal("alice", claims.GetProperty("sub").GetString());
        var access = claims.GetProperty("access").EnumerateArray()
            .Select(a => $"{a.GetProperty("type").GetString()}:{a.GetProperty("name").GetString()}:{string.Join(',', a.GetProperty("actions").EnumerateArray().Select(x => x.GetString()))}")
            .ToList();
        Assert.Equal(["repository:team/app:pull,push", "registry:catalog:*"], access);
    }

    [Fact]
    public async Task The_token_endpoint_refuses_wrong_credentials_and_other_services()
    {
        using var wrong = await fixture.RequestTokenResponseAsync("alice", "wrong", "repository:team/app:pull");
        await wrong.ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.StartsWith("Basic realm=", wrong.Header("WWW-Authenticate"));

        using var client = fixture.ClientAs("alice");
        using var otherService = await client.GetAsync("/auth/token?service=elsewhere&scope=repository:team/app:pull");
        Assert.Equal(HttpStatusCode.BadRequest, otherService.StatusCode);
    }

    [Fact]
    public async Task A_token_pushes_and_pulls_within_its_scope_only()
    {
        var repository = RepositoryNames.Unique("team");
        using var alice = await fixture.ClientWithTokenAsync("alice", $"repository:{repository}:pull,push");
        var image = await alice.PushImageAsync(repository, "v1");

        using var pulled = await alice.GetAsync($"/v2/{repository}/blobs/{image.Layer.Digest}");
        Assert.Equal(image.LayerContent, await pulled.Content.ReadAsByteArrayAsync());

        // The token says nothing about another repository, though the rules would allow alice there.
        var other = RepositoryNames.Unique("team");
        using var elsewhere = await alice.PostAsync($"/v2/{other}/blobs/uploads/");
        await elsewhere.ShouldBeErrorAsync(HttpStatusCode.Forbidden, "DENIED");
        Assert.Equal(
            $"Bearer realm=\"{Realm}\",service=\"{TokenRegistryFixture.Service}\",scope=\"repository:{other}:pull,push\",error=\"insufficient_scope\"",
            elsewhere.Header("WWW-Authenticate"));
    }

    [Fact]
    public async Task A_token_for_a_forbidden_repository_grants_nothing()
    {
        var repository = RepositoryNames.Unique("other");
        using var alice = await fixture.ClientWithTokenAsync("alice", $"repository:{repository}:pull,push");

        using var response = await alice.PostAsync($"/v2/{repository}/blobs/uploads/");
        await response.ShouldBeErrorAsync(HttpStatusCode.Forbidden, "DENIED");
    }

    [Fact]
    public async Task Anonymous_tokens_grant_nothing_without_anonymous_pull()
    {
        var answer = await fixture.RequestTokenAsync(null, "repository:team/app:pull");
        Assert.Empty(Claims(answer.GetProperty("token").GetString()!).GetProperty("access").EnumerateArray());

        // Nor does such a token authenticate anyone: the caller is still asked to log in.
        using var anonymous = await fixture.ClientWithTokenAsync(null, "repository:team/app:pull");
        using var root = await anonymous.GetAsync("/v2/");
        await root.ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        using var pull = await anonymous.GetAsync("/v2/team/app/tags/list");
        await pull.ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Tampered_tokens_are_unauthorized()
    {
        var repository = RepositoryNames.Unique("team");
        var token = (await fixture.RequestTokenAsync("bob", $"repository:{repository}:pull")).GetProperty("token").GetString()!;
        var parts = token.Split('.');
        var claims = Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(parts[1]))
            .Replace("\"pull\"", "\"pull\",\"push\"");
        var forged = $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(claims)}.{parts[2]}";

        foreach (var bad in new[] { forged, parts[0] + "." + parts[1] + ".", "not-a-token", token + "x" })
        {
            using var client = SecurityFiles.ClientOf(fixture.Registry, "Bearer " + bad);
            using var response = await client.PostAsync($"/v2/{repository}/blobs/uploads/");
            await response.ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
            Assert.Contains("error=\"invalid_token\"", response.Header("WWW-Authenticate"));
        }
    }

    [Fact]
    public async Task Base_endpoint_accepts_any_valid_token()
    {
        using var mallory = await fixture.ClientWithTokenAsync("mallory");
        using var response = await mallory.GetAsync("/v2/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static JsonElement Claims(string token) =>
        JsonDocument.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(token.Split('.')[1])).RootElement.Clone();
}
