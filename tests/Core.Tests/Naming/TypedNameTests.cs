using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Core.Tests.Naming;

/// <summary>A repository name or a tag exists only once parsed: a bad one is answered with the spec's code.</summary>
public sealed class TypedNameTests
{
    [Fact]
    public void A_parsed_repository_name_keeps_its_text()
    {
        Assert.Equal("library/alpine", RepositoryName.Parse("library/alpine").ToString());
        Assert.Equal(RepositoryName.Parse("a/b"), RepositoryName.Parse("a/b"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper/Case")]
    [InlineData("a//b")]
    [InlineData("a/../b")]
    public void A_malformed_repository_name_is_name_invalid(string name)
    {
        Assert.False(RepositoryName.TryParse(name, out _));
        Assert.Equal(RegistryErrorCode.NameInvalid, Assert.Throws<RegistryException>(() => RepositoryName.Parse(name)).Error);
    }

    [Fact]
    public void A_parsed_tag_keeps_its_text() => Assert.Equal("v1.0_rc-2", Tag.Parse("v1.0_rc-2").Value);

    [Theory]
    [InlineData("")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    public void A_malformed_tag_is_tag_invalid(string tag)
    {
        Assert.False(Tag.TryParse(tag, out _));
        Assert.Equal(RegistryErrorCode.TagInvalid, Assert.Throws<RegistryException>(() => Tag.Parse(tag)).Error);
    }

    [Fact]
    public void A_default_value_is_no_name() =>
        Assert.Throws<InvalidOperationException>(() => default(RepositoryName).Value);
}
