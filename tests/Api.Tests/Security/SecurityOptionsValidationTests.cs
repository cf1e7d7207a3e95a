using Microsoft.Extensions.Options;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.Embedded;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Security;

/// <summary>Bad security settings stop the registry at start with a message that names the setting.</summary>
public sealed class SecurityOptionsValidationTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public static TheoryData<string[], string> BadSettings() => new()
    {
        { ["--Registry:Auth:Kind", "Ldap"], "Registry:Auth:Kind" },
        { ["--Registry:Auth:Kind", "Htpasswd"], "Registry:Auth:HtpasswdFile" },
        { ["--Registry:Auth:Kind", "Htpasswd", "--Registry:Auth:HtpasswdFile", "/nonexistent/htpasswd"], "Registry:Auth:HtpasswdFile" },
        { ["--Registry:Auth:Kind", "Token", "--Registry:Auth:Token:Realm", "https://auth.test/token", "--Registry:Auth:Token:JwksUrl", "https://auth.test/jwks"], "Registry:Auth:Token:Issuer" },
        { ["--Registry:Auth:Kind", "Token", "--Registry:Auth:Token:Issuer", "x"], "Registry:Auth:Token" },
        { ["--Registry:Auth:Kind", "Token", "--Registry:Auth:Token:Issuer", "x", "--Registry:Auth:Token:JwksUrl", "https://auth.test/jwks"], "Registry:Auth:Token:Realm" },
        { ["--Registry:Auth:Kind", "Token", "--Registry:Auth:Token:Issuer", "x", "--Registry:Auth:Token:Realm", "ftp://x", "--Registry:Auth:Token:JwksUrl", "https://auth.test/jwks"], "Registry:Auth:Token:Realm" },
        { ["--Registry:Auth:Rules:0:Repository", "Team/*", "--Registry:Auth:Kind", "Htpasswd", "--Registry:Auth:HtpasswdFile", "{htpasswd}", "--Registry:Auth:Rules:0:Users:0", "a", "--Registry:Auth:Rules:0:Actions:0", "pull"], "Registry:Auth:Rules:0:Repository" },
        { ["--Registry:Auth:Kind", "Htpasswd", "--Registry:Auth:HtpasswdFile", "{htpasswd}", "--Registry:Auth:Rules:0:Repository", "team/*", "--Registry:Auth:Rules:0:Users:0", "a", "--Registry:Auth:Rules:0:Actions:0", "write"], "Registry:Auth:Rules:0:Actions" },
        { ["--Registry:Auth:Kind", "Htpasswd", "--Registry:Auth:HtpasswdFile", "{htpasswd}", "--Registry:Auth:Rules:0:Repository", "team/*", "--Registry:Auth:Rules:0:Groups:0", "ghosts", "--Registry:Auth:Rules:0:Actions:0", "pull"], "Registry:Auth:Rules:0:Groups" },
        { ["--Registry:Auth:Kind", "Htpasswd", "--Registry:Auth:HtpasswdFile", "{md5}"], "htpasswd -B" },
        { ["--Registry:Auth:Kind", "Token", "--Registry:Auth:HtpasswdFile", "{htpasswd}", "--Registry:Auth:Token:Issuer", "x", "--Registry:Auth:Token:SigningKeyFile", "{htpasswd}"], "Registry:Auth:Token:SigningKeyFile" },
        { ["--Registry:Auth:Kind", "Token", "--Registry:Auth:Token:Issuer", "x", "--Registry:Auth:Token:Realm", "https://auth.test/token", "--Registry:Auth:Token:JwksUrl", "https://auth.test/jwks", "--Registry:Auth:Token:RefreshTokenLifetime", "00:00:00"], "Registry:Auth:Token:RefreshTokenLifetime" },
        { ["--Registry:Tls:CertificateFile", "/nonexistent/tls.crt"], "Registry:Tls:CertificateFile" },
        { ["--Registry:Tls:KeyFile", "/nonexistent/tls.key"], "Registry:Tls:KeyFile" },
        { ["--Registry:Limits:MinRequestBodyDataRate", "-1"], "Registry:Limits:MinRequestBodyDataRate" },
        { ["--Registry:RateLimit:PermitsPerWindow", "-5"], "Registry:RateLimit:PermitsPerWindow" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task Refuses_to_start(string[] settings, string named)
    {
        var htpasswd = SecurityFiles.Htpasswd(_directory.Path, ("a", "pw"));
        var md5 = SecurityFiles.WriteFile(_directory.Path, "md5", "a:$apr1$abcdefgh$0123456789abcdefghijkl\n");
        string[] args = ["--urls", "http://127.0.0.1:0", "--Registry:DataDirectory", _directory.Path, .. settings.Select(s => s.Replace("{htpasswd}", htpasswd).Replace("{md5}", md5))];

        // A rule broken, or a value the configuration binder cannot convert (an unknown kind).
        var error = await Assert.ThrowsAnyAsync<Exception>(() => StartAndStopAsync(args));
        Assert.True(error is OptionsValidationException or InvalidOperationException, error.ToString());
        Assert.Contains(named, error.Message);
    }

    private static async Task StartAndStopAsync(string[] args)
    {
        await using var app = EmbeddedRegistry.Build(args);
        await app.StartAsync();
        await app.StopAsync();
    }

    public void Dispose() => _directory.Dispose();
}
