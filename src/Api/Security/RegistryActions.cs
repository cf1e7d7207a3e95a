namespace OrleansRegistry.Api.Security;

/// <summary>The actions of a repository scope, as the token specification names them.</summary>
public static class RegistryActions
{
    public const string Pull = "pull";
    public const string Push = "push";
    public const string Delete = "delete";
    public const string All = "*";

    public static bool IsKnown(string action) => action is Pull or Push or Delete or All;
}
