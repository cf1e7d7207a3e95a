using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansRegistry.Embedded;

namespace OrleansRegistry.Api.Tests.Infrastructure;

/// <summary>
/// The registry as it runs in production: <see cref="EmbeddedRegistry.Build"/> on a real Kestrel socket with its
/// embedded silo, on a port the OS picks, keeping its data under a directory the test owns.
/// </summary>
public sealed class RunningRegistry : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningRegistry(WebApplication app, Uri address, ErrorLog errorLog)
    {
        _app = app;
        Address = address;
        ErrorLog = errorLog;
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromMinutes(2),
        };
        Client = new RegistryClient(http, address);
    }

    public Uri Address { get; }

    public RegistryClient Client { get; }

    /// <summary>What the registry has logged at <c>Error</c> or above since it started.</summary>
    public ErrorLog ErrorLog { get; }

    /// <param name="dataDirectory">Where blobs and grain state live; reuse it to restart on the same data.</param>
    /// <param name="settings">Further command-line settings, e.g. <c>--Registry:Api:DeleteEnabled=false</c>.</param>
    public static async Task<RunningRegistry> StartAsync(string dataDirectory, params string[] settings)
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--Registry:DataDirectory", dataDirectory,
            "--Logging:LogLevel:Default", "Warning",
            .. settings,
        ];
        var app = EmbeddedRegistry.Build(args);
        var errorLog = new ErrorLog();
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(errorLog);
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        return new RunningRegistry(app, new Uri(addresses.Single()), errorLog);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
