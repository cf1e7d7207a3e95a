using System.Diagnostics;

namespace OrleansRegistry.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One process of a test cluster (a silo, a gateway, Redis), with its output in a log file, that a test can
/// start, crash with SIGKILL, and start again with the same settings.
/// </summary>
internal sealed class ChildProcess(string name, string fileName, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string logPath)
    : IAsyncDisposable
{
    private readonly object _logLock = new();
    private Process? _process;

    public string Name { get; } = name;

    public bool IsRunning => _process is { HasExited: false };

    public void Start()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name} is already running.");
        }

        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = Path.GetDirectoryName(logPath)!,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        Append($"=== {DateTime.UtcNow:O} starting {Name}");
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>A crash: SIGKILL, no chance to leave the cluster cleanly.</summary>
    public async Task KillAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        if (!process.HasExited)
        {
            process.Kill();
        }

        await process.WaitForExitAsync();
        Append($"=== {DateTime.UtcNow:O} {Name} killed");
        process.Dispose();
    }

    /// <summary>Freezes the process (SIGSTOP) until the returned scope ends (SIGCONT).</summary>
    public IDisposable Freeze()
    {
        var process = _process ?? throw new InvalidOperationException($"{Name} is not running.");
        PosixSignal.Stop(process.Id);
        Append($"=== {DateTime.UtcNow:O} {Name} frozen");
        return new Thaw(this, process.Id);
    }

    public void ThrowIfExited()
    {
        if (_process is { HasExited: true } process)
        {
            throw new InvalidOperationException($"{Name} exited with code {process.ExitCode}.\n{LogTail()}");
        }
    }

    public string LogTail(int lines = 60)
    {
        lock (_logLock)
        {
            if (!File.Exists(logPath))
            {
                return $"(no log for {Name})";
            }

            using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var all = new StreamReader(stream).ReadToEnd().Split('\n');
            return $"--- {Name} ({logPath}), last {lines} lines ---\n" + string.Join('\n', all.TakeLast(lines));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process && !process.HasExited)
        {
            PosixSignal.Terminate(process.Id);
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill();
            }
        }

        await KillAsync();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            File.AppendAllText(logPath, line + "\n");
        }
    }

    private sealed class Thaw(ChildProcess owner, int pid) : IDisposable
    {
        public void Dispose()
        {
            PosixSignal.Continue(pid);
            owner.Append($"=== {DateTime.UtcNow:O} {owner.Name} thawed");
        }
    }
}
