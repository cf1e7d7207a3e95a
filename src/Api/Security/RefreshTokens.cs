using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OrleansRegistry.Api.Security;

/// <summary>
/// The long-lived refresh tokens of the OAuth2 flow of the token specification (docker stores one as its
/// "identity token" after <c>docker login</c>, and trades it for access tokens instead of sending the password).
/// They are JWTs signed with the registry's own key, so any gateway can check them without shared state; their
/// audience differs from the service's, so a refresh token is never accepted as an access token. Each carries the
/// user's password stamp: a changed password or a removed user ends the refresh tokens issued before.
/// </summary>
public sealed class RefreshTokens(AuthOptions options, TokenKeys keys, HtpasswdFile users, TimeProvider time)
{
    private const string PasswordStampClaim = "pwd";

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    private string Audience => options.Service + "#refresh";

    /// <summary>A refresh token for a user whose password was just verified.</summary>
    public string Issue(string user)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Token.Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + options.Token.RefreshTokenLifetime,
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = user,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
                [PasswordStampClaim] = users.PasswordStamp(user) ?? throw new InvalidOperationException($"'{user}' is no user"),
            },
            SigningCredentials = keys.RequiredSigning,
        });
    }

    /// <summary>The user a refresh token was issued to, or null when it is not one of ours, expired, or outlived the password.</summary>
    public async Task<string?> RedeemAsync(string token)
    {
        if (token.Length > RegistryTokens.MaxTokenLength)
        {
            return null;
        }

        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = options.Token.Issuer,
            ValidAudience = Audience,
            // Only the registry's own key: an external token server's tokens are no refresh tokens of ours.
            IssuerSigningKey = keys.RequiredSigning.Key,
            ValidAlgorithms = [keys.RequiredSigning.Algorithm],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = options.Token.ClockSkew,
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt || string.IsNullOrEmpty(jwt.Subject)
            || !jwt.TryGetPayloadValue<string>(PasswordStampClaim, out var stamp))
        {
            return null;
        }

        return users.PasswordStamp(jwt.Subject) == stamp ? jwt.Subject : null;
    }
}
