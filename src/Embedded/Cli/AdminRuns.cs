using System.Net.Http.Json;
using System.Text.Json;
using Spectre.Console;

namespace OrleansRegistry.Embedded.Cli;

/// <summary>A run of the admin API (a collection, an import) as a command drives it: started, then polled to its end.</summary>
internal static class AdminRuns
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Starts a run; false, said on the console, where the registry refuses it.</summary>
    public static async Task<bool> StartAsync(HttpClient http, string pathAndQuery, IAnsiConsole console, CancellationToken cancellationToken)
    {
        using var started = await http.PostAsync(pathAndQuery, null, cancellationToken);
        if (started.IsSuccessStatusCode)
        {
            return true;
        }

        console.MarkupLineInterpolated($"[red]The registry refused the run: {(int)started.StatusCode} {await started.Content.ReadAsStringAsync(cancellationToken)}[/]");
        return false;
    }

    /// <summary>Polls the run's status, showing each one that is still running, and answers the first that is not.</summary>
    public static async Task<JsonElement> FollowAsync(HttpClient http, string path, Action<JsonElement> show, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await http.GetFromJsonAsync<JsonElement>(path, cancellationToken);
            if (State(current) != "running")
            {
                return current;
            }

            show(current);
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    public static string? State(JsonElement status) => status.GetProperty("state").GetString();

    /// <summary>Says on the console why a run did not finish; true where it did.</summary>
    public static bool Finished(JsonElement status, string what, IAnsiConsole console)
    {
        if (State(status) == "finished")
        {
            return true;
        }

        var error = status.TryGetProperty("error", out var message) ? message.GetString() : null;
        console.MarkupLineInterpolated($"[red]The {what} {State(status)}: {error}[/]");
        return false;
    }

    public static long Count(JsonElement status, string property) => status.GetProperty(property).GetInt64();
}
