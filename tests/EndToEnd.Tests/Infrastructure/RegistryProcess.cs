using System.Diagnostics;
using System.Net;
using OrleansRegistry.TestKit;

namespace OrleansRegistry.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The registry under test, run as a separate OS process on a free loopback port with its own
/// data directory, exactly as an operator would start it. Used as an xunit class fixture.
/// </summary>
/// <remarks>
/// By default it starts the built gateway:
/// <c>dotnet src/Gateway/bin/CONFIG/net10.0/OrleansRegistry.Gateway.dll --urls http://127.0.0.1:PORT --Registry:DataDirectory=DIR</c>.
/// Set <c>E2E_REGISTRY_CMD</c> to run another registry instead (e.g. CNCF Distribution, to check
/// the tests themselves). That value is a shell command run as <c>sh -c 'exec CMD'</c> after
/// replacing <c>{port}</c>, <c>{data}</c> and <c>{repo}</c>; the same values are also exported as
/// <c>E2E_PORT</c>, <c>E2E_DATA_DIR</c> and <c>E2E_REPO_ROOT</c>.
/// </remarks>
public sealed class RegistryProcess : IAsyncLifetime, IAsyncDisposable, IRegistryEndpoint
{
    private const string CommandOverrideVariable = "E2E_REGISTRY_CMD";
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan GracefulStopTimeout = TimeSpan.FromSeconds(20);

    private readonly TemporaryDirectory _root = new TemporaryDirectory("orreg-e2e");
    private readonly IReadOnlyList<string> _extraArguments;
    private readonly bool _https;
    private readonly object _logLock = new();
    private StreamWriter? _log;
    private Process? _process;

    public RegistryProcess()
        : this([])
    {
    }

    /// <param name="extraArguments">Further command-line settings for the built gateway, e.g. <c>--Registry:Auth:Kind=Htpasswd</c>.</param>
    /// <param name="https">Serve <c>https://</c> (the arguments then name the certificate, <c>--Registry:Tls:CertificateFile</c>).</param>
    internal RegistryProcess(IReadOnlyList<string> extraArguments, bool https = false)
    {
        _extraArguments = extraArguments;
        _https = https;
        Port = LoopbackPort.Free();
        DataDirectory = _root.Combine("data");
        LogPath = _root.Combine("registry.log");
        Directory.CreateDirectory(DataDirectory);
    }

    public int Port { get; }

    /// <summary>"127.0.0.1:PORT": the registry host as the container clients spell it.</summary>
    public string HostPort => $"127.0.0.1:{Port}";

    public Uri BaseUrl => new($"{(_https ? "https" : "http")}://{HostPort}/");

    /// <summary>Kept across <see cref="StopAsync"/>/<see cref="StartAsync"/> so restarts see the same data.</summary>
    public string DataDirectory { get; }

    public string LogPath { get; }

    /// <summary>
    /// An HttpClient for raw API calls; proxies are bypassed, the registry is on loopback. It trusts any server
    /// certificate: certificate checks are what the clients under test are for.
    /// </summary>
    public HttpClient CreateHttpClient() =>
        new(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        })
        {
            BaseAddress = BaseUrl,
            Timeout = TimeSpan.FromSeconds(60),
        };

    public Task InitializeAsync() => StartAsync();

    /// <summary>Starts the registry and waits until <c>GET /v2/</c> answers (200, or 401 with authentication on).</summary>
    public async Task StartAsync()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("The registry is already running.");
        }

        var startInfo = BuildStartInfo();
        lock (_logLock)
        {
            _log ??= new StreamWriter(new FileStream(LogPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
            _log.WriteLine($"=== {DateTime.UtcNow:O} starting: {startInfo.FileName} {string.Join(' ', startInfo.ArgumentList)}");
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => AppendLog(e.Data);
        process.ErrorDataReceived += (_, e) => AppendLog(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        await WaitUntilReadyAsync(process);
    }

    /// <summary>
    /// Stops the registry as a service manager would: SIGTERM, then a grace period for an orderly
    /// shutdown. Only a registry still running after that is killed, so a stuck shutdown cannot
    /// hang the suite. Returns whether it exited by itself.
    /// </summary>
    public async Task<bool> StopAsync()
    {
        var process = _process;
        if (process is null)
        {
            return true;
        }

        _process = null;
        var graceful = true;
        if (!process.HasExited)
        {
            PosixSignal.Terminate(process.Id);
            using var cts = new CancellationTokenSource(GracefulStopTimeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                graceful = false;
                AppendLog($"=== did not exit within {GracefulStopTimeout.TotalSeconds:0} s of SIGTERM; killing");
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        process.WaitForExit();
        AppendLog($"=== exited with code {process.ExitCode}");
        process.Dispose();
        return graceful;
    }

    /// <summary>Kills the registry at once (SIGKILL), as a crash would: no shutdown, no flush of anything pending.</summary>
    public async Task CrashAsync()
    {
        var process = _process ?? throw new InvalidOperationException("the registry is not running");
        _process = null;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        AppendLog("=== killed (SIGKILL)");
        process.Dispose();
    }

    /// <summary>The last lines the registry printed, for failure messages.</summary>
    public string LogTail(int lines = 80)
    {
        lock (_logLock)
        {
            _log?.Flush();
        }

        if (!File.Exists(LogPath))
        {
            return "(no registry log)";
        }

        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var all = reader.ReadToEnd().Split('\n');
        return $"--- registry log ({LogPath}), last {lines} lines ---\n" + string.Join('\n', all.TakeLast(lines));
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        lock (_logLock)
        {
            _log?.Dispose();
            _log = null;
        }

        _root.Dispose();
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    private ProcessStartInfo BuildStartInfo()
    {
        ProcessStartInfo startInfo;
        var overrideCommand = Environment.GetEnvironmentVariable(CommandOverrideVariable);
        if (!string.IsNullOrWhiteSpace(overrideCommand))
        {
            var command = overrideCommand
                .Replace("{port}", Port.ToString())
                .Replace("{data}", DataDirectory)
                .Replace("{repo}", RepositoryRoot.Path);
            // exec, so that the PID we signal on stop is the registry itself and not the shell.
            startInfo = new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", "exec " + command } };
        }
        else
        {
            var gateway = Path.Combine(RepositoryRoot.Path, "src", "Embedded", "bin", RepositoryRoot.Configuration,
                "net10.0", "OrleansRegistry.Embedded.dll");
            if (!File.Exists(gateway))
            {
                throw new InvalidOperationException(
                    $"The gateway is not built: {gateway} does not exist. Build the solution first " +
                    $"(`dotnet build OrleansRegistry.sln -c {RepositoryRoot.Configuration}`; `dotnet test OrleansRegistry.sln " +
                    $"-c {RepositoryRoot.Configuration}` does it), or set {CommandOverrideVariable}.");
            }

            startInfo = new ProcessStartInfo(ToolLocator.Require("dotnet"))
            {
                ArgumentList =
                {
                    gateway,
                    "--urls", BaseUrl.GetLeftPart(UriPartial.Authority),
                    $"--Registry:DataDirectory={DataDirectory}",
                },
            };
            foreach (var argument in _extraArguments)
            {
                startInfo.ArgumentList.Add(argument);
            }
        }

        startInfo.WorkingDirectory = _root.Path;
        startInfo.UseShellExecute = false;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.RedirectStandardInput = true;
        startInfo.Environment["E2E_PORT"] = Port.ToString();
        startInfo.Environment["E2E_DATA_DIR"] = DataDirectory;
        startInfo.Environment["E2E_REPO_ROOT"] = RepositoryRoot.Path;
        // The test host runs with its own environment (e.g. a Development environment would turn on
        // developer pages); the registry should run as it would in production.
        startInfo.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        startInfo.Environment.Remove("DOTNET_ENVIRONMENT");
        return startInfo;
    }

    private async Task WaitUntilReadyAsync(Process process)
    {
        using var http = CreateHttpClient();
        http.Timeout = TimeSpan.FromSeconds(5);
        var deadline = Stopwatch.StartNew();
        var lastProblem = "no attempt yet";
        while (deadline.Elapsed < StartupTimeout)
        {
            if (process.HasExited)
            {
                process.WaitForExit();
                throw new InvalidOperationException(
                    $"The registry exited with code {process.ExitCode} before answering GET /v2/.\n{LogTail()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseUrl, "v2/"));
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return;
                }

                lastProblem = $"GET /v2/ answered {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                lastProblem = e.Message;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException(
            $"The registry did not answer 200 to GET /v2/ within {StartupTimeout.TotalSeconds:0} s (last: {lastProblem}).\n{LogTail()}");
    }

    private void AppendLog(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            _log?.WriteLine(line);
        }
    }
}
