using System.Diagnostics;
using System.Net;
using OrleansRegistry.Bench.Infrastructure;

namespace OrleansRegistry.Bench.Targets;

/// <summary>One process of a registry whose memory and CPU the benchmark watches.</summary>
/// <param name="Role">gateway, silo or registry: the role is what rows of the memory table are named by.</param>
public sealed record WatchedProcess(string Role, int Pid);

/// <summary>A registry under test: where its API is, and the processes that serve it.</summary>
public abstract class RegistryTarget : IAsyncDisposable
{
    protected readonly List<ChildProcess> Children = [];

    /// <summary>Short label used in tables: "orleans" or "distribution".</summary>
    public required string Name { get; init; }

    /// <summary>What runs, e.g. "OrleansRegistry embedded, FileSystem driver".</summary>
    public required string Description { get; init; }

    public Uri BaseAddress { get; protected set; } = new("http://127.0.0.1/");

    public List<WatchedProcess> Processes { get; } = [];

    public string Logs(int lines = 30) => string.Join("\n", Children.Select(c => $"--- {c.Name} ({c.LogPath})\n{c.Tail(lines)}"));

    public virtual async ValueTask DisposeAsync()
    {
        // Gateways before silos before backing services: the reverse of the start order.
        for (var i = Children.Count - 1; i >= 0; i--)
        {
            await Children[i].DisposeAsync();
        }

        Children.Clear();
        GC.SuppressFinalize(this);
    }

    /// <summary>Waits until <paramref name="probe"/> answers 200, failing early when one of the processes exits.</summary>
    protected async Task WaitUntilServingAsync(string probe, TimeSpan timeout)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();
        var last = "no attempt yet";
        while (clock.Elapsed < timeout)
        {
            foreach (var child in Children)
            {
                child.ThrowIfExited();
            }

            try
            {
                using var response = await http.GetAsync(probe);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{probe} answered {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{Description} did not serve {probe} within {timeout.TotalSeconds} s (last: {last}).\n{Logs()}");
    }
}

/// <summary>A registry someone else runs (--ours URL / --baseline URL); nothing is started or watched.</summary>
public sealed class ExternalTarget : RegistryTarget
{
    public ExternalTarget(Uri address)
    {
        BaseAddress = address;
    }
}
