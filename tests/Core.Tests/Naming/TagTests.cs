using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Core.Tests.Naming;

/// <summary>
/// The spec's tag grammar, <c>[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}</c>: at most 128 characters, starting with a word
/// character. A tag can never contain ':', which is how a manifest reference tells tags from digests.
/// </summary>
public sealed class TagTests
{
    [Theory]
    [InlineData("latest")]
    [InlineData("v1.2.3")]
    [InlineData("1")]
    [InlineData("_")]
    [InlineData("_hidden")]
    [InlineData("UPPER-case_Mixed.9")]
    [InlineData("a--b..c__d")]
    [InlineData("sha256-e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    public void IsValid_tags_of_the_grammar_are_accepted(string tag)
    {
        Assert.True(Tag.IsValid(tag));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".hidden")]
    [InlineData("-dash")]
    [InlineData("a:b")]
    [InlineData("a/b")]
    [InlineData("../x")]
    [InlineData("a b")]
    [InlineData("a@b")]
    [InlineData("a+b")]
    [InlineData("ä")]
    [InlineData("latest\n")]
    [InlineData("latest\r\n")]
    public void IsValid_tags_outside_the_grammar_are_rejected(string tag)
    {
        Assert.False(Tag.IsValid(tag));
    }

    [Fact]
    public void IsValid_null_is_rejected()
    {
        Assert.False(Tag.IsValid(null));
    }

    [Fact]
    public void IsValid_128_characters_is_accepted()
    {
        Assert.True(Tag.IsValid(new string('t', 128)));
    }

    [Fact]
    public void IsValid_129_characters_is_rejected()
    {
        Assert.False(Tag.IsValid(new string('t', 129)));
    }
}
