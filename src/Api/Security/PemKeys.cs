using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.Tokens;

namespace OrleansRegistry.Api.Security;

/// <summary>Reads the keys tokens are signed and checked with from PEM text: RSA or EC (P-256, P-384, P-521) keys and certificates.</summary>
public static class PemKeys
{
    /// <summary>The signing credentials of a private key: RS256 for RSA, ES256/ES384/ES512 by the curve of an EC key.</summary>
    public static SigningCredentials SigningCredentials(string pem, string setting)
    {
        if (pem.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{setting} is an encrypted private key; give it unencrypted (protect the file instead).");
        }

        var key = PrivateKey(pem, setting);
        return new SigningCredentials(key.Key, key.Algorithm);
    }

    /// <summary>The public key of a PEM public key or certificate, to check signatures with.</summary>
    public static SecurityKey PublicKey(string pem, string setting)
    {
        if (pem.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            using var certificate = X509Certificate2.CreateFromPem(pem);
            if (certificate.GetRSAPublicKey() is { } rsaKey)
            {
                return WithKeyId(new RsaSecurityKey(rsaKey));
            }

            if (certificate.GetECDsaPublicKey() is { } ecKey)
            {
                return WithKeyId(new ECDsaSecurityKey(ecKey));
            }

            throw new InvalidOperationException($"{setting}: the certificate's key is neither RSA nor EC.");
        }

        if (pem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            return PrivateKey(pem, setting).Key;
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return WithKeyId(new RsaSecurityKey(rsa));
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
        }

        var ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
            return WithKeyId(new ECDsaSecurityKey(ec));
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            ec.Dispose();
            throw new InvalidOperationException($"{setting} holds no PEM public key or certificate of RSA or EC: {e.Message}");
        }
    }

    private static (AsymmetricSecurityKey Key, string Algorithm) PrivateKey(string pem, string setting)
    {
        if (!pem.Contains("EC PRIVATE KEY", StringComparison.Ordinal))
        {
            var rsa = RSA.Create();
            try
            {
                rsa.ImportFromPem(pem);
                if (rsa.KeySize < 2048)
                {
                    throw new InvalidOperationException($"{setting} is a {rsa.KeySize}-bit RSA key; use at least 2048 bits.");
                }

                return (WithKeyId(new RsaSecurityKey(rsa)), SecurityAlgorithms.RsaSha256);
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException)
            {
                rsa.Dispose();
            }
        }

        var ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            ec.Dispose();
            throw new InvalidOperationException($"{setting} holds no PEM private key of RSA or EC: {e.Message}");
        }

        var algorithm = ec.KeySize switch
        {
            256 => SecurityAlgorithms.EcdsaSha256,
            384 => SecurityAlgorithms.EcdsaSha384,
            521 => SecurityAlgorithms.EcdsaSha512,
            _ => throw new InvalidOperationException($"{setting} is an EC key of {ec.KeySize} bits; use P-256, P-384 or P-521."),
        };
        return (WithKeyId(new ECDsaSecurityKey(ec)), algorithm);
    }

    /// <summary>A key id derived from the public key, the same on every gateway that shares the key.</summary>
    private static T WithKeyId<T>(T key) where T : AsymmetricSecurityKey
    {
        var publicKey = key switch
        {
            RsaSecurityKey rsa => rsa.Rsa.ExportSubjectPublicKeyInfo(),
            ECDsaSecurityKey ec => ec.ECDsa.ExportSubjectPublicKeyInfo(),
            _ => throw new ArgumentException("unsupported key", nameof(key)),
        };
        key.KeyId = Base64UrlEncoder.Encode(SHA256.HashData(publicKey)[..16]);
        return key;
    }
}
