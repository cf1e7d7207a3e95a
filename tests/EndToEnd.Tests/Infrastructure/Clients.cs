using Xunit.Abstractions;

namespace OrleansRegistry.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Runs the container clients on behalf of one test and writes each command and its output to the
/// test's output, which the runner shows when the test fails.
/// </summary>
internal sealed class Clients(ITestOutputHelper output)
{
    public Task<CliResult> SkopeoAsync(params string[] args) => RunAsync("skopeo", args);

    public Task<CliResult> TrySkopeoAsync(params string[] args) => RunAsync("skopeo", args, expectSuccess: false);

    public Task<CliResult> UmociAsync(params string[] args) => RunAsync("umoci", args);

    public async Task<CliResult> RunAsync(
        string tool, IReadOnlyList<string> args, bool expectSuccess = true, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        CliResult result;
        try
        {
            result = await Cli.TryRunAsync(tool, args, timeout: timeout, environment: environment);
        }
        catch (CliException e)
        {
            output.WriteLine(e.Result.Describe());
            throw;
        }

        output.WriteLine(result.Describe());
        if (expectSuccess && result.ExitCode != 0)
        {
            throw new CliException(result);
        }

        return result;
    }

    public void Log(string message) => output.WriteLine(message);
}
