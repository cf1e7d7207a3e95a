using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Core.Tests.Naming;

/// <summary>
/// The spec's repository name grammar: lowercase alphanumeric components joined by '.', '_', '__' or dashes,
/// path segments joined by single slashes, at most 255 characters. Names become keys of grains and parts of URLs,
/// so anything that could be a path trick must be refused.
/// </summary>
public sealed class RepositoryNameTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("0")]
    [InlineData("ubuntu")]
    [InlineData("library/ubuntu")]
    [InlineData("a/b/c/d/e")]
    [InlineData("my.app")]
    [InlineData("my_app")]
    [InlineData("my__app")]
    [InlineData("my-app")]
    [InlineData("my---app")]
    [InlineData("team-1/app.v2/x_y__z")]
    [InlineData("0123456789abcdefghijklmnopqrstuvwxyz")]
    public void IsValid_names_of_the_grammar_are_accepted(string name)
    {
        Assert.True(RepositoryName.IsValid(name));
    }

    [Theory]
    [InlineData("Ubuntu")]
    [InlineData("library/Ubuntu")]
    [InlineData("ABC")]
    public void IsValid_uppercase_letters_are_rejected(string name)
    {
        Assert.False(RepositoryName.IsValid(name));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("x/..")]
    [InlineData("x/../y")]
    [InlineData("./x")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a//b")]
    [InlineData("/a")]
    [InlineData("a/")]
    [InlineData("/")]
    [InlineData("a\\b")]
    [InlineData("%2e%2e/x")]
    public void IsValid_path_traversal_and_empty_segments_are_rejected(string name)
    {
        Assert.False(RepositoryName.IsValid(name));
    }

    [Theory]
    [InlineData(".a")]
    [InlineData("a.")]
    [InlineData("_a")]
    [InlineData("a_")]
    [InlineData("-a")]
    [InlineData("a-")]
    [InlineData("a/.b")]
    [InlineData("a/b-")]
    public void IsValid_leading_or_trailing_separators_are_rejected(string name)
    {
        Assert.False(RepositoryName.IsValid(name));
    }

    [Theory]
    [InlineData("a..b")]
    [InlineData("a___b")]
    [InlineData("a._b")]
    [InlineData("a-_b")]
    [InlineData("a_.b")]
    [InlineData("a.-b")]
    public void IsValid_separators_outside_the_grammar_are_rejected(string name)
    {
        // Only '.', '_', '__' or a run of dashes may join components.
        Assert.False(RepositoryName.IsValid(name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("a:b")]
    [InlineData("a@b")]
    [InlineData("a\nb")]
    [InlineData("library/ubuntu\n")]
    [InlineData("ubuntu\r\n")]
    [InlineData("a\0b")]
    [InlineData("a?b")]
    [InlineData("ä")]
    public void IsValid_empty_or_foreign_characters_are_rejected(string name)
    {
        Assert.False(RepositoryName.IsValid(name));
    }

    [Fact]
    public void IsValid_null_is_rejected()
    {
        Assert.False(RepositoryName.IsValid(null));
    }

    [Fact]
    public void IsValid_name_of_exactly_max_length_is_accepted()
    {
        var name = NameOfLength(RepositoryName.MaxLength);
        Assert.Equal(255, name.Length);
        Assert.True(RepositoryName.IsValid(name));
    }

    [Fact]
    public void IsValid_name_one_longer_than_max_length_is_rejected()
    {
        var name = NameOfLength(RepositoryName.MaxLength + 1);
        Assert.Equal(256, name.Length);
        Assert.False(RepositoryName.IsValid(name));
    }

    [Fact]
    public void IsValid_single_component_of_256_characters_is_rejected()
    {
        Assert.True(RepositoryName.IsValid(new string('a', 255)));
        Assert.False(RepositoryName.IsValid(new string('a', 256)));
    }

    /// <summary>A grammatical name of many path segments, so the limit is tested on a realistic shape.</summary>
    private static string NameOfLength(int length)
    {
        // "abcdefghi/abcdefghi/...": cut at 255 or 256 characters, it ends inside a component, not on a slash.
        var segments = string.Join('/', Enumerable.Repeat("abcdefghi", 40));
        return segments[..length];
    }
}
