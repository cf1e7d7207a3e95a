using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Security;

/// <summary><c>Registry:Auth:Token:JwksUrl</c>: the keys of an external token server, fetched from its JWKS endpoint.</summary>
public sealed class JwksUrlTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();
    private readonly Dictionary<string, ECDsa> _published = new();
    private WebApplication? _tokenServer;
    private RunningRegistry? _registry;
    private int _fetches;

    public async Task InitializeAsync()
    {
        Publish("ec-1");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _tokenServer = builder.Build();
        _tokenServer.MapGet("/jwks", () =>
        {
            Interlocked.Increment(ref _fetches);
            return Results.Text(Jwks(), "application/json");
        });
        await _tokenServer.StartAsync();
        var address = _tokenServer.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();

        _registry = await RunningRegistry.StartAsync(
            _directory.Path,
            "--Registry:Auth:Kind", "Token",
            "--Registry:Auth:Service", "registry.test",
            "--Registry:Auth:Token:Issuer", "jwks-issuer",
            "--Registry:Auth:Token:Realm", address + "/token",
            "--Registry:Auth:Token:JwksUrl", address + "/jwks");
    }

    [Fact]
    public async Task Tokens_signed_by_a_key_of_the_jwks_url_are_accepted()
    {
        var repository = RepositoryNames.Unique("team");
        using var client = SecurityFiles.ClientOf(_registry!, "Bearer " + Token("ec-1", repository));

        var image = await client.PushImageAsync(repository, "v1");

        using var pulled = await client.GetAsync($"/v2/{repository}/blobs/{image.Layer.Digest}");
        Assert.Equal(HttpStatusCode.OK, pulled.StatusCode);
    }

    [Fact]
    public async Task A_key_the_token_server_rotates_in_is_accepted_before_the_next_scheduled_refresh()
    {
        var repository = RepositoryNames.Unique("rotated");
        using (var first = SecurityFiles.ClientOf(_registry!, "Bearer " + Token("ec-1", repository)))
        using (var listed = await first.GetAsync($"/v2/{repository}/tags/list"))
        {
            Assert.Equal(HttpStatusCode.NotFound, listed.StatusCode);
        }

        Publish("ec-2");
        using var rotated = SecurityFiles.ClientOf(_registry!, "Bearer " + Token("ec-2", repository));
        using var response = await rotated.GetAsync($"/v2/{repository}/tags/list");

        // 404 NAME_UNKNOWN: the token was accepted and the request reached the repository (a rejected one is 401).
        await response.ShouldBeErrorAsync(HttpStatusCode.NotFound, "NAME_UNKNOWN");
    }

    [Fact]
    public async Task Made_up_key_ids_do_not_turn_into_a_fetch_per_request()
    {
        var repository = RepositoryNames.Unique("forged");
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using (var warmUp = SecurityFiles.ClientOf(_registry!, "Bearer " + Token("ec-1", repository)))
        using (await warmUp.GetAsync($"/v2/{repository}/tags/list"))
        {
        }

        var before = Volatile.Read(ref _fetches);
        for (var i = 0; i < 5; i++)
        {
            using var client = SecurityFiles.ClientOf(_registry!, "Bearer " + Token($"forged-{i}", repository, forger));
            using var response = await client.GetAsync($"/v2/{repository}/tags/list");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.True(Volatile.Read(ref _fetches) - before <= 1, $"{Volatile.Read(ref _fetches) - before} fetches for 5 tokens with unknown key ids");
    }

    public async Task DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        if (_tokenServer is not null)
        {
            await _tokenServer.DisposeAsync();
        }

        foreach (var key in _published.Values)
        {
            key.Dispose();
        }

        _directory.Dispose();
    }

    private void Publish(string keyId)
    {
        lock (_published)
        {
            _published[keyId] = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        }
    }

    private string Jwks()
    {
        lock (_published)
        {
            var keys = _published.Select(entry =>
            {
                var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(
                    new ECDsaSecurityKey(ECDsa.Create(entry.Value.ExportParameters(false))) { KeyId = entry.Key });
                return new { kty = jwk.Kty, kid = jwk.Kid, crv = jwk.Crv, x = jwk.X, y = jwk.Y, use = "sig" };
            });
            return JsonSerializer.Serialize(new { keys });
        }
    }

    private string Token(string keyId, string repository, ECDsa? signer = null)
    {
        ECDsa key;
        lock (_published)
        {
            key = signer ?? _published[keyId];
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "jwks-issuer",
            Audience = "registry.test",
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = keyId }, SecurityAlgorithms.EcdsaSha256),
            Claims = new Dictionary<string, object>
            {
                ["sub"] = "jwks-user",
                ["access"] = JsonSerializer.SerializeToElement(new[] { new { type = "repository", name = repository, actions = new[] { "pull", "push" } } }),
            },
        });
    }
}
