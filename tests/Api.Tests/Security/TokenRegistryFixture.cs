using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using OrleansRegistry.Api.Tests.Infrastructure;

namespace OrleansRegistry.Api.Tests.Security;

/// <summary>Bearer tokens from the registry's own token endpoint, signed with an RSA key from a PEM file.</summary>
public sealed class TokenRegistryFixture : SecuredRegistryFixture
{
    public const string Service = "registry.test";
    public const string Issuer = "test-issuer";

    protected override IEnumerable<string> Settings(string directory)
    {
        using var key = RSA.Create(2048);
        var keyFile = SecurityFiles.WriteFile(directory, "signing.pem", key.ExportPkcs8PrivateKeyPem());
        return
        [
            "--Registry:Auth:Kind", "Token",
            "--Registry:Auth:Service", Service,
            "--Registry:Auth:Token:Issuer", Issuer,
            "--Registry:Auth:Token:SigningKeyFile", keyFile,
            "--Registry:Auth:Token:AllowAnonymous", "true",
        ];
    }

    /// <summary>Asks the token endpoint for a token, as a client does after a challenge; fails unless it answers 200.</summary>
    public async Task<JsonElement> RequestTokenAsync(string? user, params string[] scopes)
    {
        using var response = await RequestTokenResponseAsync(user, SecuredRegistryFixture.Password, scopes);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"token endpoint answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<HttpResponseMessage> RequestTokenResponseAsync(string? user, string password, params string[] scopes)
    {
        using var client = ClientAs(user, password);
        var query = string.Concat(scopes.Select(s => "&scope=" + Uri.EscapeDataString(s)));
        return await client.GetAsync($"/auth/token?service={Service}{query}");
    }

    /// <summary>A client that sends a token the endpoint issued to <paramref name="user"/> for <paramref name="scopes"/>.</summary>
    public async Task<RegistryClient> ClientWithTokenAsync(string? user, params string[] scopes)
    {
        var token = (await RequestTokenAsync(user, scopes)).GetProperty("token").GetString()!;
        return SecurityFiles.ClientOf(Registry, "Bearer " + token);
    }
}
