using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using static OrleansRegistry.Embedded.Cli.AdminRuns;

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
    private const string Path = "_registry/gc";

    /// <returns>0 when the run finished, 1 when it failed or the registry refused, 2 for a bad command line.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, IAnsiConsole console, CancellationToken cancellationToken)
    {
        if (AdminCommandLine.Parse(args, "--dry-run", "--full") is not { } options)
        {
            console.WriteLine(Usage);
            return 2;
        }

        using var http = options.CreateClient();
        var query = $"?dryRun={(options.Has("--dry-run") ? "true" : "false")}&full={(options.Has("--full") ? "true" : "false")}";
        try
        {
            if (!await StartAsync(http, Path + query, console, cancellationToken))
            {
                return 1;
            }

            var status = await console.Status().StartAsync(
                "Collecting garbage ...", context => FollowAsync(http, Path, current => context.Status(Progress(current)), cancellationToken));
            return Summarize(console, status);
        }
        catch (HttpRequestException e)
        {
            console.MarkupLineInterpolated($"[red]Could not reach the registry at {options.Url}: {e.Message}[/]");
            return 1;
        }
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
        if (!Finished(status, "collection", console))
        {
            return 1;
        }

        console.MarkupLine(dryRun ? "Dry run: nothing was deleted." : "Collection finished.");
        return 0;
    }

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };
}
