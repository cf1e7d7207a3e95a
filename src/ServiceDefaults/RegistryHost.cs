using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace OrleansRegistry.ServiceDefaults;

/// <summary>How every registry process runs: the embedded registry, a cluster gateway and a cluster silo.</summary>
public static class RegistryHost
{
    /// <summary>
    /// Builds and starts a host, logs the line that says what it is once it has started, and runs it until it is
    /// stopped. A bad setting, found while the host is built or checked at start, ends it with one line on stderr
    /// and exit status 1 instead of a stack trace.
    /// </summary>
    /// <returns>The process's exit status.</returns>
    public static async Task<int> RunAsync(Func<IHost> build, Action<IServiceProvider> logStarted)
    {
        IHost? host = null;
        try
        {
            host = build();
            // The checks ValidateOnStart registered, run before the host starts: Host.StartAsync would log a failure
            // with its stack trace before rethrowing it.
            host.Services.GetService<IStartupValidator>()?.Validate();
            await host.StartAsync();
        }
        catch (Exception e) when (SettingFailure.Describe(e) is { } line)
        {
            await Console.Error.WriteLineAsync(line);
            if (host is not null)
            {
                await DisposeAsync(host);
            }

            return 1;
        }

        logStarted(host.Services);
        await host.WaitForShutdownAsync();
        await DisposeAsync(host);
        return 0;
    }

    /// <summary>The addresses a web host listens on, as bound: with port 0 in <c>--urls</c>, the port it was given.</summary>
    public static string ListenUrls(IServiceProvider services) =>
        string.Join(", ", services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []);

    private static async ValueTask DisposeAsync(IHost host)
    {
        if (host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }
    }
}
