using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Api.Security;

/// <summary>
/// What <c>Registry:Auth:Rules</c> grant: the actions a user (or an anonymous caller) may take on a resource.
/// Rules only add; nothing is allowed that no rule grants.
/// </summary>
public sealed class AccessPolicy
{
    private readonly IReadOnlyList<Rule> _rules;
    private readonly Dictionary<string, HashSet<string>> _groups;
    private readonly bool _anonymousPull;

    public AccessPolicy(AuthOptions options)
    {
        _anonymousPull = options.AnonymousPull;
        _groups = options.Groups.ToDictionary(
            g => g.Key, g => g.Value.ToHashSet(StringComparer.Ordinal), StringComparer.OrdinalIgnoreCase);
        _rules = options.Rules.Select(r => new Rule(
            r.Catalog || r.Admin ? null : RepositoryPattern.Parse(r.Repository!),
            r.Admin ? AccessScope.Admin.Name : r.Catalog ? AccessScope.Catalog.Name : null,
            r.Users.ToHashSet(StringComparer.Ordinal),
            r.Groups,
            r.Catalog || r.Admin ? [RegistryActions.All] : r.Actions.ToHashSet(StringComparer.Ordinal))).ToList();
    }

    /// <summary>The actions of <paramref name="requested"/> that <paramref name="user"/> (null: anonymous) may take.</summary>
    public IReadOnlyList<string> Grant(string? user, AccessScope requested)
    {
        var allowed = new HashSet<string>(StringComparer.Ordinal);
        // A registry-wide resource (the catalog, the operators' API) by its name; null for a repository.
        var resource = requested.Type == AccessScope.RegistryType && requested.Name is "catalog" or "admin" ? requested.Name : null;
        if (resource is null && requested.Type != AccessScope.RepositoryType)
        {
            return [];
        }

        if (user is null)
        {
            if (_anonymousPull && resource is null)
            {
                allowed.Add(RegistryActions.Pull);
            }
        }
        else
        {
            foreach (var rule in _rules)
            {
                var applies = resource is null ? rule.Pattern?.Matches(requested.Name) == true : rule.Resource == resource;
                if (applies && (rule.Users.Contains(user) || rule.Users.Contains("*") || rule.Groups.Any(g => _groups.TryGetValue(g, out var members) && members.Contains(user))))
                {
                    allowed.UnionWith(rule.Actions);
                }
            }
        }

        return requested.Actions.Where(a => allowed.Contains(RegistryActions.All) || allowed.Contains(a)).ToArray();
    }

    public bool Allows(string? user, AccessScope required) => Grant(user, required).Count == required.Actions.Count;

    private sealed record Rule(RepositoryPattern? Pattern, string? Resource, HashSet<string> Users, List<string> Groups, IReadOnlySet<string> Actions);
}
