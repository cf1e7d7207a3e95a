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

    public void Validate()
    {
        if (!Enabled)
        {
            if (!string.IsNullOrWhiteSpace(KeyFile))
            {
                throw new InvalidOperationException($"{Section}:KeyFile is set without {Section}:CertificateFile.");
            }

            return;
        }

        if (!File.Exists(CertificateFile))
        {
            throw new InvalidOperationException($"{Section}:CertificateFile is '{CertificateFile}', which does not exist.");
        }

        if (!string.IsNullOrWhiteSpace(KeyFile) && !File.Exists(KeyFile))
        {
            throw new InvalidOperationException($"{Section}:KeyFile is '{KeyFile}', which does not exist.");
        }
    }
}
