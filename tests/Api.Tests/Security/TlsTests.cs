using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using OrleansRegistry.Api.Tests.Infrastructure;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.Api.Tests.Security;

/// <summary>HTTPS from a PEM certificate and key (<c>Registry:Tls</c>), with HTTP/2 when the client offers it.</summary>
public sealed class TlsTests
{
    [Fact]
    public async Task Serves_the_api_over_https_with_http_2_and_http_11()
    {
        using var directory = new TemporaryDirectory();
        using var certificate = SecurityFiles.SelfSignedCertificate();
        var certificateFile = SecurityFiles.WriteFile(directory.Path, "tls.crt", certificate.ExportCertificatePem());
        var keyFile = SecurityFiles.WriteFile(directory.Path, "tls.key", certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        await using var registry = await RunningRegistry.StartAsync(
            Path.Combine(directory.Path, "data"),
            "--urls", "https://127.0.0.1:0",
            "--Registry:Tls:CertificateFile", certificateFile,
            "--Registry:Tls:KeyFile", keyFile);
        Assert.Equal("https", registry.Address.Scheme);

        var trusting = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, errors) =>
                    presented is not null && presented.GetCertHashString() == certificate.GetCertHashString(),
            },
        };
        using var http = new HttpClient(trusting)
        {
            BaseAddress = registry.Address,
            Timeout = TimeSpan.FromMinutes(1),
            DefaultRequestVersion = HttpVersion.Version20,
        };

        foreach (var version in new[] { HttpVersion.Version20, HttpVersion.Version11 })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/") { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(version, response.Version);
        }

        using var client = new RegistryClient(http, registry.Address);
        var image = await client.PushImageAsync(RepositoryNames.Unique("tls"), "v1");
        using var blob = await client.GetAsync($"/v2/{image.Repository}/blobs/{image.Layer.Digest}");
        Assert.Equal(image.LayerContent, await blob.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_certificate_is_refused()
    {
        using var directory = new TemporaryDirectory();
        using var certificate = SecurityFiles.SelfSignedCertificate();
        var certificateFile = SecurityFiles.WriteFile(directory.Path, "tls.pem",
            certificate.ExportCertificatePem() + "\n" + certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        await using var registry = await RunningRegistry.StartAsync(
            Path.Combine(directory.Path, "data"), "--urls", "https://127.0.0.1:0", "--Registry:Tls:CertificateFile", certificateFile);

        using var http = new HttpClient { BaseAddress = registry.Address, Timeout = TimeSpan.FromSeconds(30) };
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/v2/"));
    }
}
