namespace OrleansRegistry.EndToEnd.Tests.Infrastructure;

/// <summary>What one run of a command-line tool produced.</summary>
internal sealed record CliResult(
    string Executable,
    IReadOnlyList<string> Arguments,
    int ExitCode,
    byte[] StandardOutputBytes,
    string StandardError,
    TimeSpan Elapsed)
{
    public string StandardOutput => System.Text.Encoding.UTF8.GetString(StandardOutputBytes);

    public string CommandLine => string.Join(' ', new[] { Executable }.Concat(Arguments.Select(Quote)));

    /// <summary>A human-readable account of the run, for assertion and exception messages.</summary>
    public string Describe() =>
        $"$ {CommandLine}\nexit code: {ExitCode} after {Elapsed.TotalSeconds:0.0} s\n" +
        $"--- stdout ---\n{Truncate(StandardOutput.TrimEnd())}\n--- stderr ---\n{Truncate(StandardError.TrimEnd())}";

    private static string Truncate(string text) => text.Length <= 4000 ? text : text[..2000] + "\n[...]\n" + text[^2000..];

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || "-_./:=@,+%".Contains(c)) ? arg : $"'{arg.Replace("'", "'\\''")}'";
}
