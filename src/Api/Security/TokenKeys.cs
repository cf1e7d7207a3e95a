using Microsoft.IdentityModel.Tokens;

namespace OrleansRegistry.Api.Security;

/// <summary>
/// The keys of <c>Registry:Auth:Token</c>: the signing key of the built-in endpoint (its public half also checks
/// the tokens it issued) and the public keys of an external token server, from a PEM file, a JWKS file or a
/// JWKS URL fetched again periodically, and early when a token names a key the registry has not seen (the token
/// server rotated its keys).
/// </summary>
public sealed class TokenKeys
{
    private readonly IReadOnlyList<SecurityKey> _staticKeys;
    private readonly Uri? _jwksUrl;
    private readonly TimeSpan _refreshInterval;
    private readonly HttpClient? _http;
    private readonly ILogger _logger;
    /// <summary>
    /// How soon an unknown key id may trigger another fetch: anyone can send tokens with made-up key ids, and each
    /// must not become a request to the token server.
    /// </summary>
    private static readonly TimeSpan UnknownKeyRefreshSpacing = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private IReadOnlyList<SecurityKey> _jwksKeys = [];
    private DateTime _jwksFetchedAt = DateTime.MinValue;
    private DateTime _unknownKeyRefreshAt = DateTime.MinValue;

    public TokenKeys(TokenOptions options, ILogger<TokenKeys> logger)
    {
        _logger = logger;
        (Signing, _staticKeys) = ReadConfiguredKeys(options);
        if (!string.IsNullOrWhiteSpace(options.JwksUrl))
        {
            _jwksUrl = new Uri(options.JwksUrl);
            _refreshInterval = options.JwksRefreshInterval;
            _http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        }
    }

    /// <summary>
    /// The signing key and the public keys that the settings give as files or text (not the JWKS URL's); throws
    /// <see cref="InvalidOperationException"/> naming the setting of a key that cannot be used.
    /// </summary>
    internal static (SigningCredentials? Signing, IReadOnlyList<SecurityKey> Keys) ReadConfiguredKeys(TokenOptions options)
    {
        SigningCredentials? signing = null;
        var keys = new List<SecurityKey>();
        var signingPem = !string.IsNullOrWhiteSpace(options.SigningKeyFile) ? File.ReadAllText(options.SigningKeyFile)
            : !string.IsNullOrWhiteSpace(options.SigningKey) ? options.SigningKey : null;
        if (signingPem is not null)
        {
            var setting = $"{AuthOptions.Section}:Token:{(options.SigningKeyFile is { Length: > 0 } ? "SigningKeyFile" : "SigningKey")}";
            signing = PemKeys.SigningCredentials(signingPem, setting);
            keys.Add(signing.Key);
        }

        if (!string.IsNullOrWhiteSpace(options.PublicKeyFile))
        {
            keys.Add(PemKeys.PublicKey(File.ReadAllText(options.PublicKeyFile), $"{AuthOptions.Section}:Token:PublicKeyFile"));
        }

        if (!string.IsNullOrWhiteSpace(options.JwksFile))
        {
            keys.AddRange(ReadJwks(File.ReadAllText(options.JwksFile), $"{AuthOptions.Section}:Token:JwksFile"));
        }

        return (signing, keys);
    }

    /// <summary>The built-in endpoint's key, or null when the registry only checks tokens of another server.</summary>
    public SigningCredentials? Signing { get; }

    /// <summary>The signing key, for the code that issues tokens; only registered when there is one.</summary>
    public SigningCredentials RequiredSigning => Signing ?? throw new InvalidOperationException("this registry has no token signing key");

    public async ValueTask<IReadOnlyList<SecurityKey>> GetValidationKeysAsync(CancellationToken cancellationToken)
    {
        if (_jwksUrl is null)
        {
            return _staticKeys;
        }

        if (DateTime.UtcNow - _jwksFetchedAt > _refreshInterval)
        {
            await RefreshAsync(cancellationToken);
        }

        return [.. _staticKeys, .. _jwksKeys];
    }

    /// <summary>
    /// Fetches the JWKS again because a token named a key id none of the keys has; true when the keys were fetched,
    /// so that the token is worth checking once more.
    /// </summary>
    public async Task<bool> RefreshForUnknownKeyAsync(CancellationToken cancellationToken)
    {
        if (_jwksUrl is null || DateTime.UtcNow - _unknownKeyRefreshAt < UnknownKeyRefreshSpacing)
        {
            return false;
        }

        await _refreshLock.WaitAsync(cancellationToken);
        try
        {
            if (DateTime.UtcNow - _unknownKeyRefreshAt < UnknownKeyRefreshSpacing)
            {
                // Another request fetched them while this one waited.
                return true;
            }

            _unknownKeyRefreshAt = DateTime.UtcNow;
            return await FetchAsync(cancellationToken);
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _refreshLock.WaitAsync(cancellationToken);
        try
        {
            if (DateTime.UtcNow - _jwksFetchedAt > _refreshInterval)
            {
                await FetchAsync(cancellationToken);
            }
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    /// <summary>Fetches the JWKS; the caller holds the refresh lock.</summary>
    private async Task<bool> FetchAsync(CancellationToken cancellationToken)
    {

        try
        {
            var json = await _http!.GetStringAsync(_jwksUrl, cancellationToken);
            _jwksKeys = ReadJwks(json, $"{AuthOptions.Section}:Token:JwksUrl");
            _jwksFetchedAt = DateTime.UtcNow;
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            // Keep the keys we had; ask again in a minute rather than on every request.
            _logger.LogWarning("Could not fetch the token keys from {Url}: {Message}", _jwksUrl, e.Message);
            _jwksFetchedAt = DateTime.UtcNow - _refreshInterval + TimeSpan.FromMinutes(1);
            return false;
        }
    }

    private static IReadOnlyList<SecurityKey> ReadJwks(string json, string setting)
    {
        try
        {
            var keys = new JsonWebKeySet(json).GetSigningKeys();
            return keys.Count > 0 ? keys.ToList() : throw new InvalidOperationException($"{setting} holds no signing key.");
        }
        catch (Exception e) when (e is ArgumentException or System.Text.Json.JsonException)
        {
            throw new InvalidOperationException($"{setting} is not a JSON Web Key Set: {e.Message}");
        }
    }
}
