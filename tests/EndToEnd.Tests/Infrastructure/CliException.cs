namespace OrleansRegistry.EndToEnd.Tests.Infrastructure;

/// <summary>A command-line tool failed; the message holds the command, exit code, stdout and stderr.</summary>
internal sealed class CliException(CliResult result, string? reason = null)
    : Exception($"Command failed{(reason is null ? "" : $" ({reason})")}:\n{result.Describe()}")
{
    public CliResult Result { get; } = result;
}
