using OrleansRegistry.Api.Security;

namespace OrleansRegistry.Api.Tests.Security;

public sealed class AccessPolicyTests
{
    private static readonly AccessPolicy Policy = new(new AuthOptions
    {
        Kind = AuthKind.Htpasswd,
        Groups = new(StringComparer.OrdinalIgnoreCase) { ["devs"] = ["carol"] },
        Rules =
        [
            new AccessRuleOptions { Repository = "team/*", Users = ["alice"], Actions = ["pull", "push"] },
            new AccessRuleOptions { Repository = "team/**", Groups = ["devs"], Actions = ["pull"] },
            new AccessRuleOptions { Repository = "public/**", Users = ["*"], Actions = ["pull"] },
            new AccessRuleOptions { Catalog = true, Users = ["alice"] },
        ],
    });

    [Theory]
    [InlineData("alice", "team/app", "pull,push")]
    [InlineData("alice", "team/app/sub", "")]
    [InlineData("alice", "teams/app", "")]
    [InlineData("carol", "team/app/sub", "pull")]
    [InlineData("dave", "public/a/b", "pull")]
    [InlineData("dave", "team/app", "")]
    [InlineData(null, "public/a", "")]
    public void Grants_only_what_rules_give(string? user, string repository, string granted)
    {
        var actions = Policy.Grant(user, AccessScope.Repository(repository, "pull", "push", "delete"));
        Assert.Equal(granted, string.Join(',', actions));
    }

    [Fact]
    public void Catalog_access_needs_a_catalog_rule()
    {
        Assert.True(Policy.Allows("alice", AccessScope.Catalog));
        Assert.False(Policy.Allows("carol", AccessScope.Catalog));
        Assert.Empty(Policy.Grant("alice", new AccessScope("registry", "other", ["*"])));
    }

    [Fact]
    public void Anonymous_pull_grants_pull_only()
    {
        var policy = new AccessPolicy(new AuthOptions { Kind = AuthKind.Htpasswd, AnonymousPull = true });
        Assert.Equal(["pull"], policy.Grant(null, AccessScope.Repository("any/thing", "pull", "push")));
        Assert.False(policy.Allows(null, AccessScope.Catalog));
    }

    [Theory]
    [InlineData("repository:team/app:pull,push", "repository", "team/app", "pull,push")]
    [InlineData("repository:localhost:5000/app:pull", "repository", "localhost:5000/app", "pull")]
    [InlineData("registry:catalog:*", "registry", "catalog", "*")]
    public void Scopes_parse(string value, string type, string name, string actions)
    {
        var scope = AccessScope.TryParse(value)!;
        Assert.Equal((type, name, actions), (scope.Type, scope.Name, string.Join(',', scope.Actions)));
        Assert.Equal(value, scope.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("repository")]
    [InlineData("repository:app")]
    [InlineData(":app:pull")]
    public void Malformed_scopes_are_null(string value) => Assert.Null(AccessScope.TryParse(value));
}
