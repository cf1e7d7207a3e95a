namespace OrleansRegistry.Api.Security;

/// <summary>Section <c>Registry:Auth</c>: who may call the registry and what they may do. Off by default.</summary>
public sealed class AuthOptions
{
    public const string Section = "Registry:Auth";

    /// <summary><see cref="AuthKinds.None"/>, <see cref="AuthKinds.Htpasswd"/> or <see cref="AuthKinds.Token"/>.</summary>
    public string Kind { get; set; } = AuthKinds.None;

    /// <summary>The realm of the Basic challenge.</summary>
    public string Realm { get; set; } = "OrleansRegistry";

    /// <summary>The registry's service name: the <c>service</c> of Bearer challenges and the audience of tokens.</summary>
    public string Service { get; set; } = "orleans-registry";

    /// <summary>The htpasswd file of users (bcrypt entries only, as <c>htpasswd -B</c> writes them).</summary>
    public string? HtpasswdFile { get; set; }

    /// <summary>Whether callers without credentials may pull every repository (and read its tags and referrers).</summary>
    public bool AnonymousPull { get; set; }

    /// <summary>Groups of users, by name: <c>Registry:Auth:Groups:devs:0=alice</c>.</summary>
    public Dictionary<string, List<string>> Groups { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>What users and groups may do; nothing is allowed that no rule grants.</summary>
    public List<AccessRuleOptions> Rules { get; set; } = [];

    public TokenOptions Token { get; set; } = new();

    public bool Enabled => !string.Equals(Kind, AuthKinds.None, StringComparison.OrdinalIgnoreCase);

    public bool IsHtpasswd => string.Equals(Kind, AuthKinds.Htpasswd, StringComparison.OrdinalIgnoreCase);

    public bool IsToken => string.Equals(Kind, AuthKinds.Token, StringComparison.OrdinalIgnoreCase);

    public void Validate()
    {
        if (!Enabled)
        {
            return;
        }

        if (!IsHtpasswd && !IsToken)
        {
            throw Invalid("Kind", $"is '{Kind}'; it must be {AuthKinds.None}, {AuthKinds.Htpasswd} or {AuthKinds.Token}.");
        }

        if (string.IsNullOrWhiteSpace(Service) || Service.Contains('"'))
        {
            throw Invalid("Service", "must be a non-empty name without quotes.");
        }

        if (Realm.Contains('"'))
        {
            throw Invalid("Realm", "must not contain quotes.");
        }

        var needsPasswords = IsHtpasswd || Token.IssuesTokens;
        if (needsPasswords && string.IsNullOrWhiteSpace(HtpasswdFile))
        {
            throw Invalid("HtpasswdFile", IsHtpasswd ? "is required when Kind is Htpasswd." : "is required to issue tokens (Registry:Auth:Token:SigningKey or SigningKeyFile).");
        }

        if (needsPasswords && !File.Exists(HtpasswdFile))
        {
            throw Invalid("HtpasswdFile", $"is '{HtpasswdFile}', which does not exist.");
        }

        for (var i = 0; i < Rules.Count; i++)
        {
            ValidateRule(i, Rules[i]);
        }

        if (IsToken)
        {
            ValidateToken();
        }
    }

    private void ValidateRule(int index, AccessRuleOptions rule)
    {
        var name = $"Rules:{index}";
        if (rule.Catalog == !string.IsNullOrWhiteSpace(rule.Repository))
        {
            throw Invalid(name, "must name either a Repository pattern or Catalog=true.");
        }

        if (rule.Repository is { } pattern && !RepositoryPattern.IsValid(pattern))
        {
            throw Invalid($"{name}:Repository", $"is '{pattern}', which is no repository pattern (lowercase name components, '*' and '**').");
        }

        if (rule.Users.Count == 0 && rule.Groups.Count == 0)
        {
            throw Invalid(name, "grants nothing: it names no Users and no Groups.");
        }

        foreach (var group in rule.Groups.Where(g => !Groups.ContainsKey(g)))
        {
            throw Invalid($"{name}:Groups", $"names '{group}', which Registry:Auth:Groups does not define.");
        }

        if (!rule.Catalog && rule.Actions.Count == 0)
        {
            throw Invalid($"{name}:Actions", "is empty; give pull, push, delete or *.");
        }

        foreach (var action in rule.Actions.Where(a => !RegistryActions.IsKnown(a)))
        {
            throw Invalid($"{name}:Actions", $"names '{action}'; actions are pull, push, delete and *.");
        }
    }

    private void ValidateToken()
    {
        if (string.IsNullOrWhiteSpace(Token.Issuer))
        {
            throw Invalid("Token:Issuer", "is required when Kind is Token.");
        }

        var sources = new[] { Token.SigningKeyFile, Token.SigningKey, Token.PublicKeyFile, Token.JwksFile, Token.JwksUrl };
        if (sources.All(string.IsNullOrWhiteSpace))
        {
            throw Invalid("Token", "needs a key to check tokens with: SigningKeyFile or SigningKey (tokens this registry issues), PublicKeyFile, JwksFile or JwksUrl (an external token server).");
        }

        if (!string.IsNullOrWhiteSpace(Token.SigningKeyFile) && !string.IsNullOrWhiteSpace(Token.SigningKey))
        {
            throw Invalid("Token:SigningKey", "and SigningKeyFile are both set; give one.");
        }

        if (!Token.IssuesTokens && string.IsNullOrWhiteSpace(Token.Realm))
        {
            throw Invalid("Token:Realm", "is required with an external token server: it is where clients ask for tokens.");
        }

        if (!string.IsNullOrWhiteSpace(Token.Realm) && (!Uri.TryCreate(Token.Realm, UriKind.Absolute, out var realm) || realm.Scheme is not ("http" or "https") || Token.Realm.Contains('"')))
        {
            throw Invalid("Token:Realm", $"is '{Token.Realm}'; it must be an absolute http or https URL.");
        }

        if (!string.IsNullOrWhiteSpace(Token.JwksUrl) && (!Uri.TryCreate(Token.JwksUrl, UriKind.Absolute, out var jwks) || jwks.Scheme is not ("http" or "https")))
        {
            throw Invalid("Token:JwksUrl", $"is '{Token.JwksUrl}'; it must be an absolute http or https URL.");
        }

        foreach (var (name, path) in new[] { ("SigningKeyFile", Token.SigningKeyFile), ("PublicKeyFile", Token.PublicKeyFile), ("JwksFile", Token.JwksFile) })
        {
            if (!string.IsNullOrWhiteSpace(path) && !File.Exists(path))
            {
                throw Invalid($"Token:{name}", $"is '{path}', which does not exist.");
            }
        }

        if (Token.Lifetime <= TimeSpan.Zero || Token.Lifetime > TimeSpan.FromDays(1))
        {
            throw Invalid("Token:Lifetime", $"is {Token.Lifetime}; it must be positive and at most a day.");
        }

        if (Token.RefreshTokenLifetime <= TimeSpan.Zero || Token.RefreshTokenLifetime > TimeSpan.FromDays(365))
        {
            throw Invalid("Token:RefreshTokenLifetime", $"is {Token.RefreshTokenLifetime}; it must be positive and at most 365 days.");
        }

        if (Token.ClockSkew < TimeSpan.Zero || Token.JwksRefreshInterval < TimeSpan.FromSeconds(10))
        {
            throw Invalid("Token", "ClockSkew must not be negative and JwksRefreshInterval must be at least 10 seconds.");
        }
    }

    private static InvalidOperationException Invalid(string setting, string problem) => new($"{Section}:{setting} {problem}");
}
