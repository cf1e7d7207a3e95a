using Spectre.Console;

namespace OrleansRegistry.Api.Tests.Cli;

/// <summary>A console as a script sees a command's: plain text, no colours, no live redrawing, into a writer.</summary>
public static class TextConsole
{
    /// <param name="width">Wide enough, a table cell does not wrap a digest.</param>
    public static IAnsiConsole Create(TextWriter output, int width = 400)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = width;
        return console;
    }
}
