using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using static OrleansRegistry.Embedded.Cli.AdminRun;

namespace OrleansRegistry.Embedded.Cli;

/// <summary>
/// <c>gc [--dry-run] [--full] [--url URL] [--user NAME --password PASSWORD]</c>: runs a garbage collection on a
/// running registry (this one, or any gateway of a cluster) through its admin API, shows its progress while it goes
/// and a summary at the end. It is a client of <c>/_registry/gc</c>, so it works wherever that answers.
/// </summary>
public static class CollectionCommand
{
    public const string Name = "gc";

    private const string Usage = "usage: gc [--dry-run] [--full] " + AdminArguments.CommonUsage;

    /// <returns>0 when the run finished, 1 when it failed or the registry refused, 2 for a bad command line.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, IAnsiConsole console, CancellationToken cancellationToken)
    {
        if (AdminArguments.Parse(args, new HashSet<string> { "--dry-run", "--full" }, new HashSet<string>()) is not { } arguments)
        {
            console.WriteLine(Usage);
            return 2;
        }

        var query = $"?dryRun={Flag(arguments, "--dry-run")}&full={Flag(arguments, "--full")}";
        var status = await FollowAsync(console, arguments, "_registry/gc", query, "Collecting garbage", Progress, cancellationToken);
        return status is { } ended ? Summarize(console, ended) : 1;
    }

    private static string Flag(AdminArguments arguments, string flag) => arguments.Flags.Contains(flag) ? "true" : "false";

    private static string Progress(JsonElement status) => string.Create(CultureInfo.InvariantCulture,
        $"Collecting garbage: {Count(status, "repositoriesSwept")} repositories swept, {Count(status, "blobsWeighed")} blobs weighed, "
        + $"{Count(status, "blobsDeleted")} blobs ({Bytes(Count(status, "bytesFreed"))}) deleted so far");

    private static int Summarize(IAnsiConsole console, JsonElement status)
    {
        var table = new Table().AddColumns(status.GetProperty("dryRun").GetBoolean() ? "would delete" : "deleted", "count");
        table.AddRow("manifests", Number(Count(status, "manifestsDeleted")));
        table.AddRow("blobs unlinked from repositories", Number(Count(status, "blobsUnlinked")));
        table.AddRow("blobs deleted from storage", Number(Count(status, "blobsDeleted")));
        table.AddRow("bytes freed", Bytes(Count(status, "bytesFreed")));
        table.AddRow("candidates not due yet", Number(Count(status, "waiting")));
        console.Write(table);
        return Ended(console, status, "collection", "Collection finished.", "Dry run: nothing was deleted.");
    }
}
