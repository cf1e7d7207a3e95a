using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Security;

/// <summary>
/// A registry behind an existing token server: it issues nothing, and accepts tokens signed by the server's key
/// (given as a certificate, or as a JWKS file) for its own service, from the right issuer, not expired.
/// </summary>
public sealed class ExternalTokenServerTests : IAsyncLifetime
{
    private const string Issuer = "https://auth.example.test";
    private const string Service = "registry.example.test";
    private const string Realm = "https://auth.example.test/token";

    private readonly TemporaryDirectory _directory = new();
    private readonly ECDsa _serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly RSA _jwksKey = RSA.Create(2048);
    private RunningRegistry? _byCertificate;
    private RunningRegistry? _byJwks;

    public async Task InitializeAsync()
    {
        var request = new CertificateRequest("CN=token-server", _serverKey, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certificateFile = SecurityFiles.WriteFile(_directory.Path, "token-server.crt", certificate.ExportCertificatePem());
        _byCertificate = await RunningRegistry.StartAsync(Path.Combine(_directory.Path, "a"), Settings("--Registry:Auth:Token:PublicKeyFile", certificateFile));

        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_jwksKey.ExportParameters(false)) { KeyId = "key-1" });
        var jwks = JsonSerializer.Serialize(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", n = jwk.N, e = jwk.E } } });
        var jwksFile = SecurityFiles.WriteFile(_directory.Path, "jwks.json", jwks);
        _byJwks = await RunningRegistry.StartAsync(Path.Combine(_directory.Path, "b"), Settings("--Registry:Auth:Token:JwksFile", jwksFile));
    }

    [Fact]
    public async Task Challenges_send_clients_to_the_external_realm()
    {
        using var response = await _byCertificate!.Client.GetAsync("/v2/team/app/tags/list");
        await response.ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Equal($"Bearer realm=\"{Realm}\",service=\"{Service}\",scope=\"repository:team/app:pull\"", response.Header("WWW-Authenticate"));

        using var noEndpoint = await _byCertificate.Client.GetAsync("/auth/token");
        Assert.Equal(HttpStatusCode.NotFound, noEndpoint.StatusCode);
    }

    [Fact]
    public async Task A_valid_token_pushes_and_pulls()
    {
        var repository = RepositoryNames.Unique("team");
        using var client = Client(_byCertificate!, Token(EcKey(), access: [(repository, ["pull", "push"])]));
        var image = await client.PushImageAsync(repository, "v1");

        using var pulled = await client.GetAsync($"/v2/{repository}/manifests/v1", ("Accept", MediaTypeNames.OciManifest));
        Assert.Equal(image.ManifestContent, await pulled.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Tokens_from_a_jwks_are_accepted()
    {
        var repository = RepositoryNames.Unique("team");
        var key = new SigningCredentials(new RsaSecurityKey(_jwksKey) { KeyId = "key-1" }, SecurityAlgorithms.RsaSha256);
        using var client = Client(_byJwks!, Token(key, access: [(repository, ["*"])]));
        await client.PushImageAsync(repository, "v1");

        using var elsewhere = Client(_byJwks!, Token(EcKey(), access: [(repository, ["*"])]));
        using var refused = await elsewhere.GetAsync($"/v2/{repository}/tags/list");
        await refused.ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Tokens_that_fail_any_check_are_unauthorized()
    {
        var repository = RepositoryNames.Unique("team");
        (string, string[])[] access = [(repository, ["pull"])];
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var tokens = new Dictionary<string, string>
        {
            ["wrong issuer"] = Token(EcKey(), access, issuer: "https://evil.example.test"),
            ["wrong audience"] = Token(EcKey(), access, audience: "other-registry"),
            ["expired"] = Token(EcKey(), access, expires: DateTime.UtcNow.AddMinutes(-10)),
            ["not yet valid"] = Token(EcKey(), access, notBefore: DateTime.UtcNow.AddMinutes(10)),
            ["unknown key"] = Token(new SigningCredentials(new ECDsaSecurityKey(otherKey), SecurityAlgorithms.EcdsaSha256), access),
            ["unsigned"] = new JsonWebTokenHandler().CreateToken(Descriptor(null, access, Issuer, Service, DateTime.UtcNow.AddMinutes(5), null)),
        };

        foreach (var (problem, token) in tokens)
        {
            using var client = Client(_byCertificate!, token);
            using var response = await client.GetAsync($"/v2/{repository}/tags/list");
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{problem}: {(int)response.StatusCode}");
            await response.ShouldBeErrorAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        }
    }

    [Fact]
    public async Task The_access_claim_must_cover_the_action()
    {
        var repository = RepositoryNames.Unique("team");
        using var reader = Client(_byCertificate!, Token(EcKey(), access: [(repository, ["pull"])]));
        using var push = await reader.PostAsync($"/v2/{repository}/blobs/uploads/");
        await push.ShouldBeErrorAsync(HttpStatusCode.Forbidden, "DENIED");

        using var otherRepository = Client(_byCertificate!, Token(EcKey(), access: [("team/elsewhere", ["pull", "push"])]));
        using var pull = await otherRepository.GetAsync($"/v2/{repository}/tags/list");
        await pull.ShouldBeErrorAsync(HttpStatusCode.Forbidden, "DENIED");
    }

    public async Task DisposeAsync()
    {
        foreach (var registry in new[] { _byCertificate, _byJwks })
        {
            if (registry is not null)
            {
                await registry.DisposeAsync();
            }
        }

        _serverKey.Dispose();
        _jwksKey.Dispose();
        _directory.Dispose();
    }

    private static string[] Settings(string keySetting, string keyFile) =>
    [
        "--Registry:Auth:Kind", "Token",
        "--Registry:Auth:Service", Service,
        "--Registry:Auth:Token:Issuer", Issuer,
        "--Registry:Auth:Token:Realm", Realm,
        keySetting, keyFile,
    ];

    private SigningCredentials EcKey() => new(new ECDsaSecurityKey(_serverKey), SecurityAlgorithms.EcdsaSha256);

    private static string Token(
        SigningCredentials key, (string Name, string[] Actions)[] access, string issuer = Issuer, string audience = Service,
        DateTime? expires = null, DateTime? notBefore = null) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }
            .CreateToken(Descriptor(key, access, issuer, audience, expires ?? DateTime.UtcNow.AddMinutes(5), notBefore));

    private static SecurityTokenDescriptor Descriptor(
        SigningCredentials? key, (string Name, string[] Actions)[] access, string issuer, string audience, DateTime expires, DateTime? notBefore) => new()
    {
        Issuer = issuer,
        Audience = audience,
        Expires = expires,
        NotBefore = notBefore ?? DateTime.UtcNow.AddMinutes(-1),
        IssuedAt = DateTime.UtcNow.AddMinutes(-1),
        SigningCredentials = key,
        Claims = new Dictionary<string, object>
        {
            ["sub"] = "ci-bot",
            ["access"] = JsonSerializer.SerializeToElement(access.Select(a => new { type = "repository", name = a.Name, actions = a.Actions })),
        },
    };

    private static RegistryClient Client(RunningRegistry registry, string token) => SecurityFiles.ClientOf(registry, "Bearer " + token);
}
