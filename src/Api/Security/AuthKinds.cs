namespace OrleansRegistry.Api.Security;

/// <summary>The values of <c>Registry:Auth:Kind</c>.</summary>
public static class AuthKinds
{
    /// <summary>No authentication: everyone may pull, push and delete (the default).</summary>
    public const string None = "None";

    /// <summary>HTTP Basic against an htpasswd file of bcrypt entries; rules decide what each user may do.</summary>
    public const string Htpasswd = "Htpasswd";

    /// <summary>Bearer tokens of the Docker token authentication specification.</summary>
    public const string Token = "Token";
}
