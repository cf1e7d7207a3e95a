namespace OrleansRegistry.Api.Security;

/// <summary>
/// One entry of <c>Registry:Auth:Rules</c>: grants actions on the repositories matching a pattern, or the catalog, or
/// the operators' API, to users and groups.
/// </summary>
public sealed class AccessRuleOptions
{
    /// <summary>A repository pattern: <c>*</c> matches within one path component, <c>**</c> across components.</summary>
    public string? Repository { get; set; }

    /// <summary>When true the rule is about <c>registry:catalog:*</c> (listing every repository) instead.</summary>
    public bool Catalog { get; set; }

    /// <summary>
    /// When true the rule is about <c>registry:admin:*</c> instead: the operators' API (garbage collection, import), which
    /// reaches every repository.
    /// </summary>
    public bool Admin { get; set; }

    /// <summary>User names; <c>*</c> means every authenticated user.</summary>
    public List<string> Users { get; set; } = [];

    /// <summary>Names of groups of <c>Registry:Auth:Groups</c>.</summary>
    public List<string> Groups { get; set; } = [];

    /// <summary><c>pull</c>, <c>push</c>, <c>delete</c> or <c>*</c>; catalog and admin rules need none.</summary>
    public List<string> Actions { get; set; } = [];
}
