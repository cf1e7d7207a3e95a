using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Core.Tests.Naming;

/// <summary>
/// Repository globs, as access rules and retention policies name repositories: <c>*</c> within one path component,
/// <c>**</c> across components.
/// </summary>
public sealed class RepositoryPatternTests
{
    [Theory]
    [InlineData("**", "a", true)]
    [InlineData("**", "a/b/c", true)]
    [InlineData("team/*", "team/app", true)]
    [InlineData("team/*", "team/app/x", false)]
    [InlineData("team/**", "team/app/x", true)]
    [InlineData("team/**", "teamx/app", false)]
    [InlineData("*/app", "x/app", true)]
    [InlineData("team/app-*", "team/app-1", true)]
    [InlineData("team/app", "team/app2", false)]
    [InlineData("a.b", "axb", false)]
    public void Patterns_match_by_component(string pattern, string repository, bool matches) =>
        Assert.Equal(matches, RepositoryPattern.Parse(pattern).Matches(repository));

    [Theory]
    [InlineData("team/app", "team/app")]
    [InlineData("team/app-*", "team/app-")]
    [InlineData("team/**", "team/")]
    [InlineData("**", "")]
    [InlineData("*/app", "")]
    public void The_literal_prefix_is_what_every_match_starts_with(string pattern, string prefix) =>
        Assert.Equal(prefix, RepositoryPattern.Parse(pattern).LiteralPrefix);
}
