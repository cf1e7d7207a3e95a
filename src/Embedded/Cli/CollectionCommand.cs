using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Spectre.Console;

namespace OrleansRegistry.Embedded.Cli;

/// <summary>
/// <c>gc [--dry-run] [--full] [--url URL] [--user NAME --password PASSWORD]</c>: runs a garbage collection on a
/// running registry (this one, or any gateway of a cluster) through its admin API, shows its progress while it goes
/// and a summary at the end. It is a client of <c>/_registry/gc</c>, so it works wherever that answers.
/// </summary>
public static class CollectionCommand
{
    public const string Name = "gc";

    private const string Usage = "usage: gc [--dry-run] [--full] [--url http://127.0.0.1:5000] [--user NAME --password PASSWORD]";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <returns>0 when the run finished, 1 when it failed or the registry refused, 2 for a bad command line.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, IAnsiConsole console, CancellationToken cancellationToken)
    {
        if (Parse(args) is not { } options)
        {
            console.WriteLine(Usage);
            return 2;
        }

        using var http = new HttpClient { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(30) };
        if (options.User is { } user)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{options.Password}")));
        }

        var query = $"?dryRun={(options.DryRun ? "true" : "false")}&full={(options.Full ? "true" : "false")}";
        try
        {
            using var started = await http.PostAsync("_registry/gc" + query, null, cancellationToken);
            if (!started.IsSuccessStatusCode)
            {
                console.MarkupLineInterpolated($"[red]The registry refused the run: {(int)started.StatusCode} {await started.Content.ReadAsStringAsync(cancellationToken)}[/]");
                return 1;
            }

            var status = await console.Status().StartAsync("Collecting garbage ...", async context =>
            {
                while (true)
                {
                    var current = await http.GetFromJsonAsync<JsonElement>("_registry/gc", cancellationToken);
                    if (current.GetProperty("state").GetString() != "running")
                    {
                        return current;
                    }

                    context.Status(Progress(current));
                    await Task.Delay(PollInterval, cancellationToken);
                }
            });
            return Summarize(console, status);
        }
        catch (HttpRequestException e)
        {
            console.MarkupLineInterpolated($"[red]Could not reach the registry at {options.Url}: {e.Message}[/]");
            return 1;
        }
    }

    private sealed record Options(Uri Url, bool DryRun, bool Full, string? User, string? Password);

    private static Options? Parse(IReadOnlyList<string> args)
    {
        var options = new Options(new Uri("http://127.0.0.1:5000/"), false, false, null, null);
        for (var i = 0; i < args.Count; i++)
        {
            string? Value() => i + 1 < args.Count ? args[++i] : null;
            switch (args[i])
            {
                case "--dry-run": options = options with { DryRun = true }; break;
                case "--full": options = options with { Full = true }; break;
                case "--url" when Value() is { } url && Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var parsed):
                    options = options with { Url = parsed };
                    break;
                case "--user" when Value() is { } user: options = options with { User = user }; break;
                case "--password" when Value() is { } password: options = options with { Password = password }; break;
                default: return null;
            }
        }

        return (options.User is null) == (options.Password is null) ? options : null;
    }

    private static string Progress(JsonElement status) => string.Create(CultureInfo.InvariantCulture,
        $"Collecting garbage: {Count(status, "repositoriesSwept")} repositories swept, {Count(status, "blobsWeighed")} blobs weighed, "
        + $"{Count(status, "blobsDeleted")} blobs ({Bytes(Count(status, "bytesFreed"))}) deleted so far");

    private static int Summarize(IAnsiConsole console, JsonElement status)
    {
        var dryRun = status.GetProperty("dryRun").GetBoolean();
        var table = new Table().AddColumns(dryRun ? "would delete" : "deleted", "count");
        table.AddRow("manifests", Count(status, "manifestsDeleted").ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("blobs unlinked from repositories", Count(status, "blobsUnlinked").ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("blobs deleted from storage", Count(status, "blobsDeleted").ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("bytes freed", Bytes(Count(status, "bytesFreed")));
        table.AddRow("candidates not due yet", Count(status, "waiting").ToString("N0", CultureInfo.InvariantCulture));
        console.Write(table);
        if (status.GetProperty("state").GetString() != "finished")
        {
            var error = status.TryGetProperty("error", out var message) ? message.GetString() : null;
            console.MarkupLineInterpolated($"[red]The collection {status.GetProperty("state").GetString()}: {error}[/]");
            return 1;
        }

        console.MarkupLine(dryRun ? "Dry run: nothing was deleted." : "Collection finished.");
        return 0;
    }

    private static long Count(JsonElement status, string property) => status.GetProperty(property).GetInt64();

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };
}
