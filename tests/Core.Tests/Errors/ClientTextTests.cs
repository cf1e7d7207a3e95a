using OrleansRegistry.Core.Errors;

namespace OrleansRegistry.Core.Tests.Errors;

/// <summary>Client input echoed in an error: printable, and bounded so a huge input cannot make a huge answer.</summary>
public sealed class ClientTextTests
{
    [Fact]
    public void Printable_replaces_control_characters()
    {
        Assert.Equal("a?b?c?d", ClientText.Printable("a\rb\nc\0d"));
    }

    [Fact]
    public void Printable_keeps_ordinary_text()
    {
        Assert.Equal("library/ubuntu:latest ü", ClientText.Printable("library/ubuntu:latest ü"));
    }

    [Fact]
    public void Printable_keeps_256_characters()
    {
        var text = new string('x', 256);
        Assert.Equal(text, ClientText.Printable(text));
    }

    [Fact]
    public void Printable_clips_longer_text_to_256_characters_and_an_ellipsis()
    {
        var printable = ClientText.Printable(new string('x', 10_000));
        Assert.Equal(new string('x', 256) + "...", printable);
    }
}
