using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Spectre.Console;

namespace OrleansRegistry.Embedded.Cli;

/// <summary>A run of the admin API (a collection, a retention run, an import) as a command drives it: started with a POST, polled to its end.</summary>
internal static class AdminRun
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Starts a run and follows it with a status line; the run's last status, or null where the registry refused it
    /// or could not be reached (said on the console).
    /// </summary>
    public static async Task<JsonElement?> FollowAsync(
        IAnsiConsole console, AdminArguments arguments, string path, string query, string activity, Func<JsonElement, string> progress, CancellationToken cancellationToken)
    {
        using var http = arguments.CreateClient();
        try
        {
            if (!await StartAsync(http, path + query, console, cancellationToken))
            {
                return null;
            }

            return await console.Status().StartAsync(activity + " ...", context => PollAsync(http, path, current => context.Status(progress(current)), cancellationToken));
        }
        catch (HttpRequestException e)
        {
            Unreachable(console, arguments, e);
            return null;
        }
    }

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
    public static async Task<JsonElement> PollAsync(HttpClient http, string path, Action<JsonElement> show, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await http.GetFromJsonAsync<JsonElement>(path, cancellationToken);
            if (current.GetProperty("state").GetString() != "running")
            {
                return current;
            }

            show(current);
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    public static void Unreachable(IAnsiConsole console, AdminArguments arguments, HttpRequestException error) =>
        console.MarkupLineInterpolated($"[red]Could not reach the registry at {arguments.Url}: {error.Message}[/]");

    /// <summary>Says how the run ended: 0 where it finished, 1 (with its error) where it did not.</summary>
    public static int Ended(IAnsiConsole console, JsonElement status, string kind, string finished, string dryRun)
    {
        if (status.GetProperty("state").GetString() != "finished")
        {
            var error = status.TryGetProperty("error", out var message) ? message.GetString() : null;
            console.MarkupLineInterpolated($"[red]The {kind} {status.GetProperty("state").GetString()}: {error}[/]");
            return 1;
        }

        console.MarkupLine(status.GetProperty("dryRun").GetBoolean() ? dryRun : finished);
        return 0;
    }

    public static long Count(JsonElement status, string property) => status.GetProperty(property).GetInt64();

    public static string Number(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };
}
