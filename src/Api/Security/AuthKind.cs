namespace OrleansRegistry.Api.Security;

/// <summary>The values of <c>Registry:Auth:Kind</c>.</summary>
public enum AuthKind
{
    /// <summary>No authentication: everyone may pull, push and delete (the default).</summary>
    None,

    /// <summary>HTTP Basic against an htpasswd file of bcrypt entries; rules decide what each user may do.</summary>
    Htpasswd,

    /// <summary>Bearer tokens of the Docker token authentication specification.</summary>
    Token,
}
