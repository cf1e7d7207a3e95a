using Microsoft.Extensions.Options;
using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Api.Security;

/// <summary>
/// Checks <c>Registry:Auth</c> at start: the kind, the files it names (read, as the registry will read them), the
/// rules and the token settings. Each failure names the full setting, its value and what it may be.
/// </summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    private const string Section = AuthOptions.Section;

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new ValidateOptionsResultBuilder();
        if (!Enum.IsDefined(options.Kind))
        {
            failures.AddError($"{Section}:Kind is '{options.Kind}'; it must be one of: {string.Join(", ", Enum.GetNames<AuthKind>())}.");
            return failures.Build();
        }

        if (!options.Enabled)
        {
            return failures.Build();
        }

        if (string.IsNullOrWhiteSpace(options.Service) || options.Service.Contains('"'))
        {
            failures.AddError($"{Section}:Service is '{options.Service}'; it must be a non-empty name without quotes.");
        }

        if (options.Realm.Contains('"'))
        {
            failures.AddError($"{Section}:Realm is '{options.Realm}'; it must not contain quotes.");
        }

        CheckPasswordFile(options, failures);
        for (var i = 0; i < options.Rules.Count; i++)
        {
            CheckRule(options, i, options.Rules[i], failures);
        }

        if (options.IsToken)
        {
            CheckToken(options.Token, failures);
        }

        return failures.Build();
    }

    private static void CheckPasswordFile(AuthOptions options, ValidateOptionsResultBuilder failures)
    {
        if (!options.IsHtpasswd && !options.Token.IssuesTokens)
        {
            return;
        }

        var path = options.HtpasswdFile;
        if (string.IsNullOrWhiteSpace(path))
        {
            failures.AddError(options.IsHtpasswd
                ? $"{Section}:HtpasswdFile is not set; it is required when {Section}:Kind is Htpasswd."
                : $"{Section}:HtpasswdFile is not set; it is required to issue tokens ({Section}:Token:SigningKey or SigningKeyFile).");
            return;
        }

        if (!File.Exists(path))
        {
            failures.AddError($"{Section}:HtpasswdFile is '{path}', which does not exist.");
            return;
        }

        try
        {
            HtpasswdFile.Parse(path, File.ReadAllLines(path));
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            failures.AddError(e is InvalidOperationException ? e.Message : $"{Section}:HtpasswdFile is '{path}', which cannot be read: {e.Message}");
        }
    }

    private static void CheckRule(AuthOptions options, int index, AccessRuleOptions rule, ValidateOptionsResultBuilder failures)
    {
        var setting = $"{Section}:Rules:{index}";
        var targets = new[] { !string.IsNullOrWhiteSpace(rule.Repository), rule.Catalog, rule.Admin }.Count(named => named);
        if (targets != 1)
        {
            failures.AddError($"{setting} must name one of a Repository pattern, Catalog=true or Admin=true, not {(targets == 0 ? "none" : "several")}.");
        }

        if (rule.Repository is { } pattern && !RepositoryPattern.IsValid(pattern))
        {
            failures.AddError($"{setting}:Repository is '{pattern}'; it must be a repository pattern (lowercase name components, '*' and '**').");
        }

        if (rule.Users.Count == 0 && rule.Groups.Count == 0)
        {
            failures.AddError($"{setting} grants nothing: it names no Users and no Groups.");
        }

        foreach (var group in rule.Groups.Where(g => !options.Groups.ContainsKey(g)))
        {
            failures.AddError($"{setting}:Groups names '{group}', which {Section}:Groups does not define.");
        }

        if (!rule.Catalog && !rule.Admin && rule.Actions.Count == 0)
        {
            failures.AddError($"{setting}:Actions is empty; it must list pull, push, delete or *.");
        }

        foreach (var action in rule.Actions.Where(a => !RegistryActions.IsKnown(a)))
        {
            failures.AddError($"{setting}:Actions names '{action}'; actions are pull, push, delete and *.");
        }
    }

    private static void CheckToken(TokenOptions token, ValidateOptionsResultBuilder failures)
    {
        const string Token = Section + ":Token";
        if (string.IsNullOrWhiteSpace(token.Issuer))
        {
            failures.AddError($"{Token}:Issuer is not set; it is required when {Section}:Kind is Token.");
        }

        var sources = new[] { token.SigningKeyFile, token.SigningKey, token.PublicKeyFile, token.JwksFile, token.JwksUrl };
        if (sources.All(string.IsNullOrWhiteSpace))
        {
            failures.AddError($"{Token} needs a key to check tokens with: SigningKeyFile or SigningKey (tokens this registry issues), PublicKeyFile, JwksFile or JwksUrl (an external token server).");
        }

        if (!string.IsNullOrWhiteSpace(token.SigningKeyFile) && !string.IsNullOrWhiteSpace(token.SigningKey))
        {
            failures.AddError($"{Token}:SigningKey and {Token}:SigningKeyFile are both set; give one.");
        }

        if (!token.IssuesTokens && string.IsNullOrWhiteSpace(token.Realm))
        {
            failures.AddError($"{Token}:Realm is not set; it is required with an external token server: it is where clients ask for tokens.");
        }

        if (!string.IsNullOrWhiteSpace(token.Realm) && (!IsHttpUrl(token.Realm) || token.Realm.Contains('"')))
        {
            failures.AddError($"{Token}:Realm is '{token.Realm}'; it must be an absolute http or https URL.");
        }

        if (!string.IsNullOrWhiteSpace(token.JwksUrl) && !IsHttpUrl(token.JwksUrl))
        {
            failures.AddError($"{Token}:JwksUrl is '{token.JwksUrl}'; it must be an absolute http or https URL.");
        }

        var missingFiles = false;
        foreach (var (setting, path) in new[] { ("SigningKeyFile", token.SigningKeyFile), ("PublicKeyFile", token.PublicKeyFile), ("JwksFile", token.JwksFile) })
        {
            if (!string.IsNullOrWhiteSpace(path) && !File.Exists(path))
            {
                failures.AddError($"{Token}:{setting} is '{path}', which does not exist.");
                missingFiles = true;
            }
        }

        if (!missingFiles)
        {
            CheckKeys(token, failures);
        }

        if (token.Lifetime <= TimeSpan.Zero || token.Lifetime > TimeSpan.FromDays(1))
        {
            failures.AddError($"{Token}:Lifetime is {token.Lifetime}; it must be positive and at most a day (1.00:00:00).");
        }

        if (token.RefreshTokenLifetime <= TimeSpan.Zero || token.RefreshTokenLifetime > TimeSpan.FromDays(365))
        {
            failures.AddError($"{Token}:RefreshTokenLifetime is {token.RefreshTokenLifetime}; it must be positive and at most 365 days.");
        }

        if (token.ClockSkew < TimeSpan.Zero)
        {
            failures.AddError($"{Token}:ClockSkew is {token.ClockSkew}; it must not be negative.");
        }

        if (token.JwksRefreshInterval < TimeSpan.FromSeconds(10))
        {
            failures.AddError($"{Token}:JwksRefreshInterval is {token.JwksRefreshInterval}; it must be at least 10 seconds (00:00:10).");
        }
    }

    /// <summary>Reads the keys as the registry will, so that a file holding no usable key stops it now.</summary>
    private static void CheckKeys(TokenOptions token, ValidateOptionsResultBuilder failures)
    {
        try
        {
            TokenKeys.ReadConfiguredKeys(token);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            failures.AddError(e is InvalidOperationException ? e.Message : $"{Section}:Token: a key file cannot be read: {e.Message}");
        }
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
