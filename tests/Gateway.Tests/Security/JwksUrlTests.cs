using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OrleansRegistry.Gateway.Tests.Infrastructure;

namespace OrleansRegistry.Gateway.Tests.Security;

/// <summary><c>Registry:Auth:Token:JwksUrl</c>: the keys of an external token server, fetched from its JWKS endpoint.</summary>
public sealed class JwksUrlTests
{
    [Fact]
    public async Task TokensSignedByAKeyOfTheJwksUrlAreAccepted()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(key.ExportParameters(false))) { KeyId = "ec-1" });
        var jwks = JsonSerializer.Serialize(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, crv = jwk.Crv, x = jwk.X, y = jwk.Y, use = "sig" } } });

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var authServer = builder.Build();
        authServer.MapGet("/jwks", () => Results.Text(jwks, "application/json"));
        await authServer.StartAsync();
        var authAddress = authServer.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();

        using var directory = new TempDirectory();
        await using var registry = await RunningRegistry.StartAsync(
            directory.Path,
            "--Registry:Auth:Kind", "Token",
            "--Registry:Auth:Service", "registry.test",
            "--Registry:Auth:Token:Issuer", "jwks-issuer",
            "--Registry:Auth:Token:Realm", authAddress + "/token",
            "--Registry:Auth:Token:JwksUrl", authAddress + "/jwks");

        var repository = RepositoryNames.Unique("team");
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "jwks-issuer",
            Audience = "registry.test",
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = "ec-1" }, SecurityAlgorithms.EcdsaSha256),
            Claims = new Dictionary<string, object>
            {
                ["sub"] = "jwks-user",
                ["access"] = JsonSerializer.SerializeToElement(new[] { new { type = "repository", name = repository, actions = new[] { "pull", "push" } } }),
            },
        });
        using var client = SecurityFiles.ClientOf(registry, "Bearer " + token);
        var image = await client.PushImageAsync(repository, "v1");

        using var pulled = await client.GetAsync($"/v2/{repository}/blobs/{image.Layer.Digest}");
        Assert.Equal(HttpStatusCode.OK, pulled.StatusCode);
        await authServer.StopAsync();
    }
}
