using System.Diagnostics;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Runs a command-line tool to completion with a timeout and captures its output.
/// A missing tool or a non-zero exit is an exception whose message carries both streams,
/// so a failing end-to-end test shows what the client actually said.
/// </summary>
internal static class Cli
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Runs the tool and throws <see cref="CliException"/> unless it exits with 0.</summary>
    public static async Task<CliResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = await TryRunAsync(fileName, arguments, workingDirectory, timeout, environment);
        if (result.ExitCode != 0)
        {
            throw new CliException(result);
        }

        return result;
    }

    /// <summary>Runs the tool and returns its result whatever the exit code (for expected failures).</summary>
    public static async Task<CliResult> TryRunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var executable = ToolLocator.Require(fileName);
        var args = arguments.ToArray();
        var limit = timeout ?? DefaultTimeout;

        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // CI has no stdin; give every tool an empty one so nothing ever waits for input.
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                startInfo.Environment[key] = value;
            }
        }

        using var process = new Process { StartInfo = startInfo };
        var stopwatch = Stopwatch.StartNew();
        process.Start();
        process.StandardInput.Close();

        // stdout is kept as raw bytes: `skopeo inspect --raw` prints a manifest whose digest must
        // be computed over the exact bytes, so no line splitting or re-encoding is allowed.
        var stdout = new MemoryStream();
        var stdoutTask = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderrTask = process.StandardError.ReadToEndAsync();

        using var cts = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            // A hung client must not hang the suite: kill it and report what it printed so far.
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await process.WaitForExitAsync();
            await DrainAsync(stdoutTask, stderrTask);
            throw new CliException(new CliResult(executable, args, -1, stdout.ToArray(), Completed(stderrTask), stopwatch.Elapsed),
                $"timed out after {limit.TotalSeconds:0} s");
        }

        await DrainAsync(stdoutTask, stderrTask);
        return new CliResult(executable, args, process.ExitCode, stdout.ToArray(), Completed(stderrTask), stopwatch.Elapsed);
    }

    private static string Completed(Task<string> stderr) =>
        stderr.IsCompletedSuccessfully ? stderr.Result : "(stderr still open)";

    private static async Task DrainAsync(Task stdoutTask, Task<string> stderrTask)
    {
        // A daemonised grandchild could keep the pipes open after the tool exits; don't wait forever.
        try
        {
            await Task.WhenAll(stdoutTask, stderrTask).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
        }
    }
}
