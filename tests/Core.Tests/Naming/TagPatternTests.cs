using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Core.Tests.Naming;

/// <summary>Tag globs, as retention policies protect tags: <c>*</c> matches any run of characters, case-sensitively.</summary>
public sealed class TagPatternTests
{
    [Theory]
    [InlineData("v*", "v1.2.3", true)]
    [InlineData("v*", "v", true)]
    [InlineData("v*", "release-v1", false)]
    [InlineData("latest", "latest", true)]
    [InlineData("latest", "latest2", false)]
    [InlineData("latest", "LATEST", false)]
    [InlineData("release-*-lts", "release-24.04-lts", true)]
    [InlineData("release-*-lts", "release-24.04", false)]
    [InlineData("*", "anything", true)]
    [InlineData("1.0", "1x0", false)]
    public void Patterns_match_whole_tags(string pattern, string tag, bool matches) =>
        Assert.Equal(matches, TagPattern.Parse(pattern).Matches(Tag.Parse(tag)));

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("a:b")]
    [InlineData("v?")]
    [InlineData(null)]
    public void Patterns_outside_the_tag_grammar_are_invalid(string? pattern)
    {
        Assert.False(TagPattern.IsValid(pattern));
        if (pattern is not null)
        {
            Assert.Throws<ArgumentException>(() => TagPattern.Parse(pattern));
        }
    }
}
