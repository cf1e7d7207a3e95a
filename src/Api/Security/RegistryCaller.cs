namespace OrleansRegistry.Api.Security;

/// <summary>Who made a request, as its credentials showed; kept in the request's features.</summary>
public sealed class RegistryCaller
{
    public static readonly RegistryCaller Anonymous = new(null, false, null);

    /// <summary>Credentials were sent and are wrong (unknown user, bad password, bad or expired token).</summary>
    public static readonly RegistryCaller Rejected = new(null, true, null);

    private RegistryCaller(string? name, bool credentialsRejected, IReadOnlyList<AccessScope>? tokenAccess)
    {
        Name = name;
        CredentialsRejected = credentialsRejected;
        TokenAccess = tokenAccess;
    }

    /// <summary>The user, or the token's subject; null for anonymous callers.</summary>
    public string? Name { get; }

    public bool IsAuthenticated => Name is not null;

    public bool CredentialsRejected { get; }

    /// <summary>What a bearer token grants; null for a user authenticated by password, whose rights the rules decide.</summary>
    public IReadOnlyList<AccessScope>? TokenAccess { get; }

    public static RegistryCaller User(string name) => new(name, false, null);

    /// <summary>A token's caller; a token without a subject (issued to an anonymous caller) authenticates nobody.</summary>
    public static RegistryCaller Token(string subject, IReadOnlyList<AccessScope> access) =>
        new(subject.Length > 0 ? subject : null, false, access);

    public static RegistryCaller Of(HttpContext context) => context.Features.Get<RegistryCaller>() ?? Anonymous;
}
