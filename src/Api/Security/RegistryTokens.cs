using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OrleansRegistry.Api.Security;

/// <summary>
/// Issues and checks the JWTs of the Docker token specification: <c>iss</c>, <c>sub</c>, <c>aud</c> (the
/// service), <c>exp</c>, <c>nbf</c>, <c>iat</c>, <c>jti</c>, and <c>access</c>, the list of
/// <c>{type, name, actions}</c> the token grants.
/// </summary>
public sealed class RegistryTokens(AuthOptions options, TokenKeys keys, TimeProvider time)
{
    private static readonly string[] Algorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    /// <summary>Longer tokens are refused before they are parsed; ours and real token servers' are a few KiB.</summary>
    internal const int MaxTokenLength = 16 * 1024;

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public bool CanIssue => keys.Signing is not null;

    public IssuedToken Issue(string? subject, IReadOnlyList<AccessScope> access)
    {
        var signing = keys.RequiredSigning;
        var now = time.GetUtcNow().UtcDateTime;
        var expires = now + options.Token.Lifetime;
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = subject ?? "",
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            ["access"] = JsonSerializer.SerializeToElement(access.Select(a => new { type = a.Type, name = a.Name, actions = a.Actions })),
        };
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Token.Issuer,
            Audience = options.Service,
            IssuedAt = now,
            NotBefore = now,
            Expires = expires,
            Claims = claims,
            SigningCredentials = signing,
        });
        return new IssuedToken(token, (int)options.Token.Lifetime.TotalSeconds, now);
    }

    /// <summary>The token's subject and access, or null when it is malformed, expired, not for this service or not signed by a trusted key.</summary>
    public async Task<(string Subject, IReadOnlyList<AccessScope> Access)?> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        if (token.Length > MaxTokenLength)
        {
            return null;
        }

        var result = await _handler.ValidateTokenAsync(token, await ValidationParametersAsync(cancellationToken));
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException && await keys.RefreshForUnknownKeyAsync(cancellationToken))
        {
            result = await _handler.ValidateTokenAsync(token, await ValidationParametersAsync(cancellationToken));
        }

        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return null;
        }

        return (jwt.Subject ?? "", ReadAccess(jwt.EncodedPayload));
    }

    private async Task<TokenValidationParameters> ValidationParametersAsync(CancellationToken cancellationToken) => new()
    {
        ValidIssuer = options.Token.Issuer,
        ValidAudience = options.Service,
        IssuerSigningKeys = await keys.GetValidationKeysAsync(cancellationToken),
        ValidAlgorithms = Algorithms,
        ValidateIssuerSigningKey = true,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ClockSkew = options.Token.ClockSkew,
        TryAllIssuerSigningKeys = true,
    };

    /// <summary>The <c>access</c> claim; entries of another shape grant nothing.</summary>
    private static IReadOnlyList<AccessScope> ReadAccess(string encodedPayload)
    {
        using var payload = JsonDocument.Parse(Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(encodedPayload)));
        if (!payload.RootElement.TryGetProperty("access", out var access) || access.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var scopes = new List<AccessScope>();
        foreach (var entry in access.EnumerateArray())
        {
            if (entry.ValueKind == JsonValueKind.Object
                && entry.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                && entry.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                && entry.TryGetProperty("actions", out var actions) && actions.ValueKind == JsonValueKind.Array)
            {
                var names = actions.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!).ToArray();
                scopes.Add(new AccessScope(type.GetString()!, name.GetString()!, names));
            }
        }

        return scopes;
    }
}
