using System.Security.Cryptography.X509Certificates;

namespace OrleansRegistry.Api.Security;

/// <summary>
/// Section <c>Registry:Tls</c>: the certificate of <c>https://</c> addresses in <c>--urls</c>, from PEM files.
/// HTTPS endpoints speak HTTP/1.1 and HTTP/2, chosen by ALPN.
/// </summary>
public sealed class TlsOptions
{
    public const string Section = "Registry:Tls";

    /// <summary>PEM file of the certificate (and any intermediates after it).</summary>
    public string? CertificateFile { get; set; }

    /// <summary>PEM file of the certificate's private key; empty when <see cref="CertificateFile"/> holds it too.</summary>
    public string? KeyFile { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificateFile);

    /// <summary>The certificate with its private key, from <see cref="CertificateFile"/> and <see cref="KeyFile"/>.</summary>
    public X509Certificate2 LoadCertificate() => string.IsNullOrWhiteSpace(KeyFile)
        ? X509Certificate2.CreateFromPemFile(CertificateFile!)
        : X509Certificate2.CreateFromPemFile(CertificateFile!, KeyFile);
}
