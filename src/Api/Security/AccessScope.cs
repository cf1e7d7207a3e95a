namespace OrleansRegistry.Api.Security;

/// <summary>
/// A resource scope of the token specification, <c>type:name:action,action</c>: e.g.
/// <c>repository:team/app:pull,push</c> or <c>registry:catalog:*</c>.
/// </summary>
public sealed record AccessScope(string Type, string Name, IReadOnlyList<string> Actions)
{
    public const string RepositoryType = "repository";
    public const string RegistryType = "registry";

    public static readonly AccessScope Catalog = new(RegistryType, "catalog", [RegistryActions.All]);

    /// <summary>The operators' API: collection and import runs and their reports.</summary>
    public static readonly AccessScope Admin = new(RegistryType, "admin", [RegistryActions.All]);

    public static AccessScope Repository(string name, params string[] actions) => new(RepositoryType, name, actions);

    /// <summary>
    /// Parses one <c>scope</c> value. The name may contain ':' (a host with a port), so the type ends at the first
    /// colon and the actions start after the last one. Null when the value has no such shape.
    /// </summary>
    public static AccessScope? TryParse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 1024)
        {
            return null;
        }

        var first = value.IndexOf(':');
        var last = value.LastIndexOf(':');
        if (first <= 0 || last <= first + 1)
        {
            return null;
        }

        var actions = value[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new AccessScope(value[..first], value[(first + 1)..last], actions.Distinct(StringComparer.Ordinal).ToArray());
    }

    public override string ToString() => $"{Type}:{Name}:{string.Join(',', Actions)}";
}
