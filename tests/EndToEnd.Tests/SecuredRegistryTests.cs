using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansRegistry.EndToEnd.Tests.Infrastructure;
using OrleansRegistry.TestKit;
using Xunit.Abstractions;

namespace OrleansRegistry.EndToEnd.Tests;

/// <summary>
/// skopeo against a registry with authentication on, once with htpasswd (HTTP Basic) and once with bearer tokens
/// from the registry's token endpoint: <c>skopeo login</c> and <c>copy --creds</c> push and pull with
/// credentials, and fail without them or for a repository no rule gives the user; with a stored identity token; and
/// over HTTPS. containerd, too, pulls and pushes with a password.
/// </summary>
public sealed class SecuredRegistryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Password = "e2e-Passw0rd";

    private readonly Clients _clients = new(output);
    private readonly TemporaryDirectory _work = new TemporaryDirectory("e2e-auth");
    private RegistryProcess? _registry;

    [Fact(Timeout = 300_000)]
    public async Task Htpasswd_credentials_are_pushed_and_pulled_with()
    {
        var registry = await StartAsync(
            "--Registry:Auth:Kind", "Htpasswd",
            "--Logging:LogLevel:Microsoft.AspNetCore.HttpLogging", "Information",
            "--Logging:Console:FormatterName", "json");
        await ExerciseAsync(registry);

        // The access log, as structured JSON lines, says who pushed the manifest, and what was refused.
        var requests = AccessLog(registry);
        Assert.Contains(requests, r => r.Method == "PUT" && r.Path == "/v2/team/app/manifests/v1" && r.StatusCode == 201 && r.User == "alice");
        Assert.Contains(requests, r => r.Path.StartsWith("/v2/other/app/", StringComparison.Ordinal) && r.StatusCode == 403 && r.User == "alice");
        Assert.Contains(requests, r => r.StatusCode == 401 && r.User == "-");
        Assert.All(requests, r => Assert.Equal("127.0.0.1", r.Client));
    }

    [Fact(Timeout = 300_000)]
    public async Task Token_endpoint_credentials_are_pushed_and_pulled_with()
    {
        var registry = await StartWithTokensAsync();
        await ExerciseAsync(registry);
    }

    /// <summary>
    /// The identity token <c>docker login</c> stores (a refresh token from <c>offline_token=true</c>) makes
    /// containers/image use the OAuth2 form of the token endpoint: a <c>POST</c> with the refresh-token grant.
    /// </summary>
    [Fact(Timeout = 300_000)]
    public async Task A_stored_identity_token_is_pushed_and_pulled_with()
    {
        var registry = await StartWithTokensAsync();
        var (layout, image) = await LayoutWithImageAsync("identity.txt", "identity token\n");

        using var http = registry.CreateHttpClient();
        using var login = new HttpRequestMessage(HttpMethod.Get, "/auth/token?service=orleans-registry&client_id=docker&offline_token=true");
        login.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"alice:{Password}")));
        using var answer = await http.SendAsync(login);
        answer.EnsureSuccessStatusCode();
        var identityToken = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("refresh_token").GetString()!;

        var authFile = await WriteAuthFileAsync("identity.json", registry.HostPort, identityToken);
        await _clients.SkopeoAsync("copy", "--dest-tls-verify=false", "--authfile", authFile, layout.Reference("v1"), $"docker://{registry.HostPort}/team/app:v1");
        await _clients.SkopeoAsync("copy", "--src-tls-verify=false", "--authfile", authFile, $"docker://{registry.HostPort}/team/app:v1", $"oci:{_work.Combine("out")}:v1");
        Assert.Equal(image.Digest, OciLayout.Open(_clients, _work.Combine("out")).Resolve("v1").Digest);

        var forgedFile = await WriteAuthFileAsync("forged.json", registry.HostPort, identityToken[..^4] + "AAAA");
        var forged = await _clients.TrySkopeoAsync(
            "copy", "--src-tls-verify=false", "--authfile", forgedFile, $"docker://{registry.HostPort}/team/app:v1", $"oci:{_work.Combine("out2")}:v1");
        Assert.NotEqual(0, forged.ExitCode);
    }

    /// <summary>
    /// containerd asks the token endpoint with the OAuth2 form (<c>POST</c>, password grant) first: with the right
    /// password it pulls and pushes, with a wrong one or outside the rules it is refused.
    /// </summary>
    [Fact(Timeout = 300_000)]
    public async Task Containerd_pulls_and_pushes_with_a_password_through_the_OAuth2_form()
    {
        var registry = await StartWithTokensAsync();
        var (layout, image) = await LayoutWithImageAsync("containerd.txt", "pulled by containerd\n");
        var host = registry.HostPort;
        await _clients.SkopeoAsync("copy", "--dest-tls-verify=false", "--dest-creds", $"alice:{Password}", layout.Reference("v1"), $"docker://{host}/team/app:v1");

        await using var containerd = await Containerd.StartAsync(_clients, _work.Combine("containerd"));
        var wrongPassword = await containerd.TryCtrAsync("images", "pull", "--plain-http", "--user", "alice:wrong", "--snapshotter", "native", $"{host}/team/app:v1");
        Assert.NotEqual(0, wrongPassword.ExitCode);

        await containerd.CtrAsync("images", "pull", "--plain-http", "--user", $"alice:{Password}", "--snapshotter", "native", $"{host}/team/app:v1");
        Assert.Equal(image.Digest, await containerd.ImageDigestAsync($"{host}/team/app:v1"));

        await containerd.CtrAsync("images", "tag", $"{host}/team/app:v1", $"{host}/team/copy:v2");
        await containerd.CtrAsync("images", "push", "--plain-http", "--user", $"alice:{Password}", $"{host}/team/copy:v2");
        var pushed = await _clients.SkopeoAsync("inspect", "--raw", "--tls-verify=false", "--creds", $"alice:{Password}", $"docker://{host}/team/copy:v2");
        Assert.Equal(image.Digest, Digest.Sha256(pushed.StandardOutputBytes));

        await containerd.CtrAsync("images", "tag", $"{host}/team/app:v1", $"{host}/other/app:v1");
        var forbidden = await containerd.TryCtrAsync("images", "push", "--plain-http", "--user", $"alice:{Password}", $"{host}/other/app:v1");
        Assert.NotEqual(0, forbidden.ExitCode);
    }

    /// <summary>
    /// HTTPS with a certificate the client is told to trust (<c>--cert-dir</c> with the certificate as
    /// <c>*.crt</c>): login, push and pull work with certificate checks on, and nothing works without the trust.
    /// </summary>
    [Fact(Timeout = 300_000)]
    public async Task Over_https_clients_that_trust_the_certificate_log_in_push_and_pull()
    {
        var certificates = _work.Combine("certs");
        Directory.CreateDirectory(certificates);
        var certificateFile = Path.Combine(certificates, "registry.crt");
        var keyFile = _work.Combine("registry.key");
        using (var certificate = SelfSignedLoopbackCertificate())
        {
            await File.WriteAllTextAsync(certificateFile, certificate.ExportCertificatePem());
            await File.WriteAllTextAsync(keyFile, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        }

        var registry = await StartAsync(
            https: true,
            "--Registry:Auth:Kind", "Htpasswd",
            "--Registry:Tls:CertificateFile", certificateFile,
            "--Registry:Tls:KeyFile", keyFile);
        var (layout, image) = await LayoutWithImageAsync("tls.txt", "over https\n");
        var host = registry.HostPort;
        var authFile = _work.Combine("auth.json");

        var untrusted = await _clients.TrySkopeoAsync("login", "--authfile", authFile, "-u", "alice", "-p", Password, host);
        Assert.NotEqual(0, untrusted.ExitCode);
        Assert.Contains("certificate", untrusted.StandardError);

        await _clients.SkopeoAsync("login", "--cert-dir", certificates, "--authfile", authFile, "-u", "alice", "-p", Password, host);
        await _clients.SkopeoAsync("copy", "--dest-cert-dir", certificates, "--authfile", authFile, layout.Reference("v1"), $"docker://{host}/team/app:v1");
        await _clients.SkopeoAsync("copy", "--src-cert-dir", certificates, "--authfile", authFile, $"docker://{host}/team/app:v1", $"oci:{_work.Combine("out")}:v1");
        Assert.Equal(image.Digest, OciLayout.Open(_clients, _work.Combine("out")).Resolve("v1").Digest);

        var untrustedPull = await _clients.TrySkopeoAsync(
            "copy", "--authfile", authFile, $"docker://{host}/team/app:v1", $"oci:{_work.Combine("out2")}:v1");
        Assert.NotEqual(0, untrustedPull.ExitCode);
    }

    private static X509Certificate2 SelfSignedLoopbackCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    private async Task ExerciseAsync(RegistryProcess registry)
    {
        var (layout, image) = await LayoutWithImageAsync("auth.txt", "secured\n");
        var host = registry.HostPort;
        var authFile = _work.Combine("auth.json");
        var creds = $"alice:{Password}";

        // skopeo login checks the credentials against the registry and stores them.
        var badLogin = await _clients.TrySkopeoAsync("login", "--tls-verify=false", "--authfile", authFile, "-u", "alice", "-p", "wrong", host);
        Assert.NotEqual(0, badLogin.ExitCode);
        await _clients.SkopeoAsync("login", "--tls-verify=false", "--authfile", authFile, "-u", "alice", "-p", Password, host);

        // Without credentials nothing is pushed.
        var anonymousPush = await _clients.TrySkopeoAsync(
            "copy", "--dest-tls-verify=false", "--authfile", _work.Combine("none.json"), layout.Reference("v1"), $"docker://{host}/team/app:v1");
        Assert.NotEqual(0, anonymousPush.ExitCode);

        await _clients.SkopeoAsync("copy", "--dest-tls-verify=false", "--dest-creds", creds, layout.Reference("v1"), $"docker://{host}/team/app:v1");

        // Pulled back with the stored login and with explicit credentials; not without any.
        await _clients.SkopeoAsync("copy", "--src-tls-verify=false", "--authfile", authFile, $"docker://{host}/team/app:v1", $"oci:{_work.Combine("out")}:v1");
        Assert.Equal(image.Digest, OciLayout.Open(_clients, _work.Combine("out")).Resolve("v1").Digest);
        await _clients.SkopeoAsync("copy", "--src-tls-verify=false", "--src-creds", creds, $"docker://{host}/team/app:v1", $"oci:{_work.Combine("out2")}:v1");
        var anonymousPull = await _clients.TrySkopeoAsync(
            "copy", "--src-tls-verify=false", "--authfile", _work.Combine("none.json"), $"docker://{host}/team/app:v1", $"oci:{_work.Combine("out3")}:v1");
        Assert.NotEqual(0, anonymousPull.ExitCode);

        // No rule gives alice the repository "other/app".
        var forbidden = await _clients.TrySkopeoAsync(
            "copy", "--dest-tls-verify=false", "--dest-creds", creds, layout.Reference("v1"), $"docker://{host}/other/app:v1");
        Assert.NotEqual(0, forbidden.ExitCode);
        var forbiddenPull = await _clients.TrySkopeoAsync(
            "copy", "--src-tls-verify=false", "--src-creds", $"bob:{Password}", $"docker://{host}/team/app:v1", $"oci:{_work.Combine("out4")}:v1");
        Assert.NotEqual(0, forbiddenPull.ExitCode);
    }

    private sealed record AccessLogEntry(string Method, string Path, int StatusCode, string User, string Client);

    private static List<AccessLogEntry> AccessLog(RegistryProcess registry)
    {
        using var stream = new FileStream(registry.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var lines = new StreamReader(stream).ReadToEnd().Split('\n');
        var entries = new List<AccessLogEntry>();
        foreach (var line in lines.Where(l => l.StartsWith('{') && l.Contains("Microsoft.AspNetCore.HttpLogging", StringComparison.Ordinal)))
        {
            var state = JsonDocument.Parse(line).RootElement.GetProperty("State");
            entries.Add(new AccessLogEntry(
                state.GetProperty("Method").GetString()!,
                state.GetProperty("Path").GetString()!,
                state.GetProperty("StatusCode").GetInt32(),
                state.GetProperty("User").GetString()!,
                state.GetProperty("Client").GetString()!));
        }

        Assert.NotEmpty(entries);
        return entries;
    }

    /// <summary>An OCI layout holding one image, tagged v1, with one file of its own.</summary>
    private async Task<(OciLayout Layout, OciDescriptor Image)> LayoutWithImageAsync(string fileName, string content)
    {
        var layout = await OciLayout.CreateAsync(_clients, _work.Combine("src"));
        var image = await layout.AddImageAsync("v1", "amd64", new Dictionary<string, string>
        {
            ["/" + fileName] = TestContent.WriteFile(_work.Combine("files"), fileName, content),
        });
        return (layout, image);
    }

    private async Task<string> WriteAuthFileAsync(string name, string host, string identityToken)
    {
        var path = _work.Combine(name);
        // As docker writes it after a login that returned an identity token: the user with an empty password.
        var entry = new JsonObject { ["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:")), ["identitytoken"] = identityToken };
        var auths = new JsonObject { ["auths"] = new JsonObject { [host] = entry } };
        await File.WriteAllTextAsync(path, auths.ToJsonString());
        return path;
    }

    private async Task<RegistryProcess> StartWithTokensAsync()
    {
        using var key = RSA.Create(2048);
        var keyFile = _work.Combine("signing.pem");
        await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());
        return await StartAsync(
            "--Registry:Auth:Kind", "Token",
            "--Registry:Auth:Token:Issuer", "e2e-issuer",
            "--Registry:Auth:Token:SigningKeyFile", keyFile);
    }

    private Task<RegistryProcess> StartAsync(params string[] settings) => StartAsync(https: false, settings);

    private async Task<RegistryProcess> StartAsync(bool https, params string[] settings)
    {
        var htpasswd = _work.Combine("htpasswd");
        await _clients.RunAsync("htpasswd", ["-B", "-b", "-c", htpasswd, "alice", Password]);
        await _clients.RunAsync("htpasswd", ["-B", "-b", htpasswd, "bob", Password]);
        _registry = new RegistryProcess(
        [
            .. settings,
            "--Registry:Auth:HtpasswdFile", htpasswd,
            "--Registry:Auth:Rules:0:Repository", "team/*",
            "--Registry:Auth:Rules:0:Users:0", "alice",
            "--Registry:Auth:Rules:0:Actions:0", "pull",
            "--Registry:Auth:Rules:0:Actions:1", "push",
        ], https);
        await _registry.StartAsync();
        return _registry;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_registry is not null)
        {
            output.WriteLine(_registry.LogTail());
            await _registry.DisposeAsync();
        }

        _work.Dispose();
    }
}
