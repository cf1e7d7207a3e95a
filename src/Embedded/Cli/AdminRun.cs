using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Spectre.Console;

namespace OrleansRegistry.Embedded.Cli;

/// <summary>A run of the admin API as a command follows it: started with a POST, polled with a live status line to its end.</summary>
internal static class AdminRun
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The run's last status, or null where the registry refused it or could not be reached (said on the console).</summary>
    public static async Task<JsonElement?> FollowAsync(
        IAnsiConsole console, AdminArguments arguments, string path, string query, string activity, Func<JsonElement, string> progress, CancellationToken cancellationToken)
    {
        using var http = arguments.CreateClient();
        try
        {
            using var started = await http.PostAsync(path + query, null, cancellationToken);
            if (!started.IsSuccessStatusCode)
            {
                console.MarkupLineInterpolated($"[red]The registry refused the run: {(int)started.StatusCode} {await started.Content.ReadAsStringAsync(cancellationToken)}[/]");
                return null;
            }

            return await console.Status().StartAsync(activity + " ...", async context =>
            {
                while (true)
                {
                    var current = await http.GetFromJsonAsync<JsonElement>(path, cancellationToken);
                    if (current.GetProperty("state").GetString() != "running")
                    {
                        return current;
                    }

                    context.Status(progress(current));
                    await Task.Delay(PollInterval, cancellationToken);
                }
            });
        }
        catch (HttpRequestException e)
        {
            console.MarkupLineInterpolated($"[red]Could not reach the registry at {arguments.Url}: {e.Message}[/]");
            return null;
        }
    }

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
