namespace OrleansRegistry.Api.Security;

/// <summary>Section <c>Registry:Auth</c>: who may call the registry and what they may do. Off by default.</summary>
public sealed class AuthOptions
{
    public const string Section = "Registry:Auth";

    public AuthKind Kind { get; set; } = AuthKind.None;

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

    public bool Enabled => Kind != AuthKind.None;

    public bool IsHtpasswd => Kind == AuthKind.Htpasswd;

    public bool IsToken => Kind == AuthKind.Token;
}
