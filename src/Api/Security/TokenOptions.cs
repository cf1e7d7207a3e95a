namespace OrleansRegistry.Api.Security;

/// <summary>
/// Section <c>Registry:Auth:Token</c>: the bearer tokens the registry accepts and, with a signing key, issues
/// from its own token endpoint.
/// </summary>
public sealed class TokenOptions
{
    /// <summary>The <c>iss</c> of accepted tokens, and of the tokens the built-in endpoint issues.</summary>
    public string? Issuer { get; set; }

    /// <summary>
    /// The <c>realm</c> clients are sent to for a token. Empty: the built-in endpoint, <c>/auth/token</c> on the
    /// host and scheme the request came to.
    /// </summary>
    public string? Realm { get; set; }

    /// <summary>PEM file of the private key (RSA or EC P-256/P-384) the built-in endpoint signs with.</summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>The same key as PEM text, typically from the environment (<c>Registry__Auth__Token__SigningKey</c>).</summary>
    public string? SigningKey { get; set; }

    /// <summary>PEM file of a public key or certificate of an external token server whose tokens are accepted.</summary>
    public string? PublicKeyFile { get; set; }

    /// <summary>A JSON Web Key Set file of an external token server.</summary>
    public string? JwksFile { get; set; }

    /// <summary>A JSON Web Key Set URL of an external token server, fetched again after <see cref="JwksRefreshInterval"/>.</summary>
    public string? JwksUrl { get; set; }

    public TimeSpan JwksRefreshInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long an issued token is valid.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a refresh token is valid: the identity token <c>docker login</c> stores, issued for
    /// <c>offline_token=true</c> and <c>access_type=offline</c>. A changed password ends it sooner.
    /// </summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Tolerated clock difference when checking <c>exp</c> and <c>nbf</c>.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether the built-in endpoint issues tokens to callers without credentials (with what anonymous callers may do).</summary>
    public bool AllowAnonymous { get; set; }

    public bool IssuesTokens => !string.IsNullOrWhiteSpace(SigningKeyFile) || !string.IsNullOrWhiteSpace(SigningKey);
}
