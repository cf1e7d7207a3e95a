using System.Net;
using System.Text;
using System.Text.Json;
using OrleansRegistry.Api.Tests.Infrastructure;

namespace OrleansRegistry.Api.Tests.Security;

/// <summary>
/// The OAuth2 form of the token endpoint (<c>POST /auth/token</c>) and its refresh tokens: what containerd and
/// BuildKit send with a password, and what docker and containers/image send with a stored identity token.
/// </summary>
public sealed class OAuthTokenEndpointTests(TokenRegistryFixture fixture) : IClassFixture<TokenRegistryFixture>
{
    [Fact]
    public async Task A_password_grant_issues_an_access_token_for_what_the_rules_allow_and_names_that_scope()
    {
        var repository = RepositoryNames.Unique("team");
        var answer = await TokenAsync(
            ("grant_type", "password"), ("username", "alice"), ("password", SecuredRegistryFixture.Password),
            ("service", TokenRegistryFixture.Service), ("client_id", "containerd-client"),
            ("scope", $"repository:{repository}:pull,push repository:other/app:pull,push"));

        Assert.Equal($"repository:{repository}:pull,push", answer.GetProperty("scope").GetString());
        Assert.False(answer.TryGetProperty("refresh_token", out _));
        Assert.Equal(300, answer.GetProperty("expires_in").GetInt32());

        using var alice = SecurityFiles.ClientOf(fixture.Registry, "Bearer " + answer.GetProperty("access_token").GetString());
        var image = await alice.PushImageAsync(repository, "v1");
        using var pulled = await alice.GetAsync($"/v2/{repository}/blobs/{image.Layer.Digest}");
        Assert.Equal(image.LayerContent, await pulled.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Offline_access_adds_a_refresh_token_that_buys_access_tokens_for_other_scopes()
    {
        var repository = RepositoryNames.Unique("team");
        var login = await TokenAsync(
            ("grant_type", "password"), ("username", "alice"), ("password", SecuredRegistryFixture.Password),
            ("service", TokenRegistryFixture.Service), ("client_id", "docker"), ("access_type", "offline"));
        var refreshToken = login.GetProperty("refresh_token").GetString()!;
        Assert.Equal("", login.GetProperty("scope").GetString());

        // containers/image sends each scope as its own field.
        var answer = await TokenAsync(
            ("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("client_id", "containers/image"),
            ("service", TokenRegistryFixture.Service), ("scope", $"repository:{repository}:pull,push"), ("scope", "registry:catalog:*"));

        Assert.Equal($"repository:{repository}:pull,push registry:catalog:*", answer.GetProperty("scope").GetString());
        Assert.Equal(refreshToken, answer.GetProperty("refresh_token").GetString());
        using var alice = SecurityFiles.ClientOf(fixture.Registry, "Bearer " + answer.GetProperty("access_token").GetString());
        await alice.PushImageAsync(repository, "v1");
        var claims = TokenAuthenticationTests.Claims(answer.GetProperty("access_token").GetString()!);
        Assert.Equal("alice", claims.GetProperty("sub").GetString());
    }

    [Fact]
    public async Task Docker_login_gets_a_refresh_token_from_the_get_form_with_offline_token()
    {
        using var alice = fixture.ClientAs("alice");
        using var online = await alice.GetAsync($"/auth/token?service={TokenRegistryFixture.Service}");
        Assert.False(JsonDocument.Parse(await online.Content.ReadAsStringAsync()).RootElement.TryGetProperty("refresh_token", out _));

        using var offline = await alice.GetAsync($"/auth/token?service={TokenRegistryFixture.Service}&client_id=docker&offline_token=true");
        var refreshToken = JsonDocument.Parse(await offline.Content.ReadAsStringAsync()).RootElement.GetProperty("refresh_token").GetString()!;

        var answer = await TokenAsync(("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("service", TokenRegistryFixture.Service), ("scope", "repository:team/app:pull"));
        Assert.Equal("repository:team/app:pull", answer.GetProperty("scope").GetString());

        // Anonymous callers get no refresh token: there is no one to refresh.
        using var anonymous = fixture.ClientAs(null);
        using var anonymousOffline = await anonymous.GetAsync($"/auth/token?service={TokenRegistryFixture.Service}&offline_token=true");
        Assert.False(JsonDocument.Parse(await anonymousOffline.Content.ReadAsStringAsync()).RootElement.TryGetProperty("refresh_token", out _));
    }

    [Fact]
    public async Task Refresh_tokens_and_access_tokens_are_not_interchangeable()
    {
        var login = await TokenAsync(
            ("grant_type", "password"), ("username", "admin"), ("password", SecuredRegistryFixture.Password),
            ("access_type", "offline"), ("scope", "repository:team/app:pull"));

        using var withRefreshToken = SecurityFiles.ClientOf(fixture.Registry, "Bearer " + login.GetProperty("refresh_token").GetString());
        using var pull = await withRefreshToken.GetAsync("/v2/team/app/tags/list");
        await pull.ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");

        using var refreshWithAccessToken = await PostAsync(("grant_type", "refresh_token"), ("refresh_token", login.GetProperty("access_token").GetString()!));
        await ShouldBeOAuthErrorAsync(refreshWithAccessToken, "invalid_grant");
    }

    [Fact]
    public async Task A_changed_password_ends_the_refresh_tokens_issued_before()
    {
        var login = await TokenAsync(
            ("grant_type", "password"), ("username", "mallory"), ("password", SecuredRegistryFixture.Password), ("access_type", "offline"));
        var refreshToken = login.GetProperty("refresh_token").GetString()!;
        await TokenAsync(("grant_type", "refresh_token"), ("refresh_token", refreshToken));

        var htpasswd = Path.Combine(fixture.Directory, "htpasswd");
        var lines = (await File.ReadAllLinesAsync(htpasswd)).Where(l => !l.StartsWith("mallory:", StringComparison.Ordinal));
        await File.WriteAllLinesAsync(htpasswd, [.. lines, $"mallory:{BCrypt.Net.BCrypt.HashPassword("changed-passw0rd", BCrypt.Net.BCrypt.GenerateSalt(4, 'y'))}"]);
        File.SetLastWriteTimeUtc(htpasswd, DateTime.UtcNow.AddSeconds(1));

        using var refused = await PostAsync(("grant_type", "refresh_token"), ("refresh_token", refreshToken));
        await ShouldBeOAuthErrorAsync(refused, "invalid_grant");
        await TokenAsync(("grant_type", "password"), ("username", "mallory"), ("password", "changed-passw0rd"));
    }

    [Fact]
    public async Task Bad_requests_get_the_o_auth_error_they_earn()
    {
        var valid = (await TokenAsync(("grant_type", "password"), ("username", "bob"), ("password", SecuredRegistryFixture.Password), ("access_type", "offline")))
            .GetProperty("refresh_token").GetString()!;
        var tampered = valid[..^4] + (valid.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        (string, string)[][] invalidGrants =
        [
            [("grant_type", "password"), ("username", "bob"), ("password", "wrong")],
            [("grant_type", "password"), ("username", "nobody"), ("password", SecuredRegistryFixture.Password)],
            [("grant_type", "refresh_token"), ("refresh_token", tampered)],
            [("grant_type", "refresh_token"), ("refresh_token", "not-a-token")],
        ];
        foreach (var fields in invalidGrants)
        {
            using var response = await PostAsync(fields);
            await ShouldBeOAuthErrorAsync(response, "invalid_grant");
        }

        using var unsupported = await PostAsync(("grant_type", "client_credentials"));
        await ShouldBeOAuthErrorAsync(unsupported, "unsupported_grant_type");
        (string, string)[][] incomplete =
        [
            [("username", "bob")],
            [("grant_type", "password"), ("password", SecuredRegistryFixture.Password)],
            [("grant_type", "refresh_token")],
        ];
        foreach (var fields in incomplete)
        {
            using var response = await PostAsync(fields);
            await ShouldBeOAuthErrorAsync(response, "invalid_request");
        }

        using var otherService = await PostAsync(("grant_type", "refresh_token"), ("refresh_token", valid), ("service", "elsewhere"));
        await ShouldBeOAuthErrorAsync(otherService, "invalid_request");

        using var client = fixture.ClientAs(null);
        using var json = await client.PostAsync(TokenPath, new StringContent("{\"grant_type\":\"password\"}", Encoding.UTF8, "application/json"));
        await ShouldBeOAuthErrorAsync(json, "invalid_request");
        using var huge = await client.PostAsync(TokenPath, new StringContent("grant_type=password&username=" + new string('a', 100_000), Encoding.UTF8, "application/x-www-form-urlencoded"));
        await ShouldBeOAuthErrorAsync(huge, "invalid_request");
        var truncated = new StringContent("--b\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\npass", Encoding.UTF8);
        truncated.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        using var malformed = await client.PostAsync(TokenPath, truncated);
        await ShouldBeOAuthErrorAsync(malformed, "invalid_request");
    }

    private const string TokenPath = "/auth/token";

    private async Task<JsonElement> TokenAsync(params (string Name, string Value)[] fields)
    {
        using var response = await PostAsync(fields);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"token endpoint answered {(int)response.StatusCode}: {body}");
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var answer = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(answer.GetProperty("token").GetString(), answer.GetProperty("access_token").GetString());
        return answer;
    }

    private async Task<HttpResponseMessage> PostAsync(params (string Name, string Value)[] fields)
    {
        using var client = fixture.ClientAs(null);
        return await client.PostAsync(TokenPath, new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))));
    }

    private static async Task ShouldBeOAuthErrorAsync(HttpResponseMessage response, string error)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400 {error}, got {(int)response.StatusCode}: {body}");
        Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
        var answer = JsonDocument.Parse(body).RootElement;
        Assert.Equal(error, answer.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("error_description").GetString()));
    }
}
