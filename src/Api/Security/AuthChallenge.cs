namespace OrleansRegistry.Api.Security;

/// <summary>
/// The <c>WWW-Authenticate</c> header that tells a client how to authenticate: <c>Basic realm="…"</c>, or
/// <c>Bearer realm="…",service="…",scope="…"</c> naming the scope the request needs.
/// </summary>
public static class AuthChallenge
{
    public const string InvalidToken = "invalid_token";
    public const string InsufficientScope = "insufficient_scope";

    public static string For(HttpContext context, AuthOptions options, AccessScope? scope, string? error = null)
    {
        if (options.IsHtpasswd)
        {
            return $"Basic realm=\"{options.Realm}\",charset=\"UTF-8\"";
        }

        var realm = string.IsNullOrWhiteSpace(options.Token.Realm)
            ? $"{context.Request.Scheme}://{context.Request.Host}{TokenEndpoint.Path}"
            : options.Token.Realm;
        var challenge = $"Bearer realm=\"{realm}\",service=\"{options.Service}\"";
        if (scope is not null)
        {
            challenge += $",scope=\"{scope}\"";
        }

        return error is null ? challenge : challenge + $",error=\"{error}\"";
    }

    /// <summary>The scope to ask a token server for: pushing also needs pulling (clients check what exists first).</summary>
    public static AccessScope Requested(AccessScope required) =>
        required.Actions.Contains(RegistryActions.Push) && !required.Actions.Contains(RegistryActions.Pull)
            ? required with { Actions = [RegistryActions.Pull, .. required.Actions] }
            : required;
}
