using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OrleansRegistry.Api.Tests.Infrastructure;

namespace OrleansRegistry.Api.Tests.Security;

/// <summary>The secrets a secured registry reads, written into a test's directory: htpasswd files, PEM keys, certificates.</summary>
public static class SecurityFiles
{
    /// <summary>An htpasswd file as <c>htpasswd -B</c> writes it (<c>$2y$</c>), at cost 4 to keep tests fast.</summary>
    public static string Htpasswd(string directory, params (string User, string Password)[] users)
    {
        var path = Path.Combine(directory, "htpasswd");
        File.WriteAllLines(path, users.Select(u => $"{u.User}:{BCrypt.Net.BCrypt.HashPassword(u.Password, BCrypt.Net.BCrypt.GenerateSalt(4, 'y'))}"));
        return path;
    }

    public static string WriteFile(string directory, string name, string content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>A self-signed certificate for 127.0.0.1 and localhost, with its key.</summary>
    public static X509Certificate2 SelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    public static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    /// <summary>A client of <paramref name="registry"/> that sends <paramref name="authorization"/> with every request.</summary>
    public static RegistryClient ClientOf(RunningRegistry registry, string? authorization)
    {
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = registry.Address,
            Timeout = TimeSpan.FromMinutes(1),
        };
        if (authorization is not null)
        {
            http.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        return new RegistryClient(http, registry.Address);
    }
}
