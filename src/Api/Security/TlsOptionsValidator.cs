using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace OrleansRegistry.Api.Security;

/// <summary>Checks <c>Registry:Tls</c> at start: the files exist and hold a certificate with its private key.</summary>
internal sealed class TlsOptionsValidator : IValidateOptions<TlsOptions>
{
    private const string Section = TlsOptions.Section;

    public ValidateOptionsResult Validate(string? name, TlsOptions options)
    {
        var failures = new ValidateOptionsResultBuilder();
        if (!options.Enabled)
        {
            if (!string.IsNullOrWhiteSpace(options.KeyFile))
            {
                failures.AddError($"{Section}:KeyFile is '{options.KeyFile}' while {Section}:CertificateFile is not set; set both, or neither.");
            }

            return failures.Build();
        }

        if (!File.Exists(options.CertificateFile))
        {
            failures.AddError($"{Section}:CertificateFile is '{options.CertificateFile}', which does not exist.");
        }

        if (!string.IsNullOrWhiteSpace(options.KeyFile) && !File.Exists(options.KeyFile))
        {
            failures.AddError($"{Section}:KeyFile is '{options.KeyFile}', which does not exist.");
        }

        if (failures.Build().Succeeded)
        {
            try
            {
                using var certificate = options.LoadCertificate();
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                failures.AddError($"{Section}:CertificateFile is '{options.CertificateFile}'{(string.IsNullOrWhiteSpace(options.KeyFile) ? "" : $" with {Section}:KeyFile '{options.KeyFile}'")}; it must hold a PEM certificate and its private key: {e.Message}");
            }
        }

        return failures.Build();
    }
}
