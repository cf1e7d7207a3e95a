using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using static OrleansRegistry.Embedded.Cli.AdminRun;

namespace OrleansRegistry.Embedded.Cli;

/// <summary>
/// <c>import [--dry-run] [--url URL] [--user NAME --password PASSWORD]</c>: imports the repositories, tags and
/// manifests of the CNCF Distribution tree in a running registry's storage (this one, or any gateway of a cluster)
/// through its admin API, with a progress bar over the repositories while it goes, a summary and what was left out
/// at the end. It is a client of <c>/_registry/import</c>, so it works wherever that answers.
/// </summary>
public static class ImportCommand
{
    public const string Name = "import";

    private const string Usage = "usage: import [--dry-run] " + AdminArguments.CommonUsage;
    private const string Path = "_registry/import";

    /// <returns>0 when the run finished, 1 when it failed or the registry refused, 2 for a bad command line.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, IAnsiConsole console, CancellationToken cancellationToken)
    {
        if (AdminArguments.Parse(args, new HashSet<string> { "--dry-run" }, new HashSet<string>()) is not { } options)
        {
            console.WriteLine(Usage);
            return 2;
        }

        using var http = options.CreateClient();
        try
        {
            if (!await StartAsync(http, $"{Path}?dryRun={(options.Flags.Contains("--dry-run") ? "true" : "false")}", console, cancellationToken))
            {
                return 1;
            }

            var status = await console.Progress().StartAsync(async context =>
            {
                var repositories = context.AddTask("Importing repositories", maxValue: 1);
                var last = await PollAsync(http, Path, current => Show(repositories, current), cancellationToken);
                Show(repositories, last);
                return last;
            });
            return Summarize(console, status);
        }
        catch (HttpRequestException e)
        {
            Unreachable(console, options, e);
            return 1;
        }
    }

    private static void Show(ProgressTask repositories, JsonElement status)
    {
        // Until the repositories are counted the bar has nothing to measure against.
        repositories.MaxValue = Math.Max(1, Count(status, "repositoriesFound"));
        repositories.Value = Count(status, "repositories");
        repositories.Description = string.Create(CultureInfo.InvariantCulture,
            $"Importing: {Count(status, "repositories")}/{Count(status, "repositoriesFound")} repositories, {Count(status, "manifestsImported")} manifests");
    }

    private static int Summarize(IAnsiConsole console, JsonElement status)
    {
        var dryRun = status.GetProperty("dryRun").GetBoolean();
        var table = new Table().AddColumns("", dryRun ? "would import" : "imported", "already there");
        table.AddRow("repositories", Number(status, "repositories"), "");
        table.AddRow("manifests", Number(status, "manifestsImported"), Number(status, "manifestsPresent"));
        table.AddRow("tags", Number(status, "tagsImported"), Number(status, "tagsPresent"));
        table.AddRow(dryRun ? "blobs (present, not hashed)" : "blobs linked (verified)", Number(status, "blobsLinked"), Number(status, "blobsPresent"));
        table.AddRow("left out", Number(status, "skipped"), "");
        console.Write(table);
        var problems = status.GetProperty("problems");
        if (problems.GetArrayLength() > 0)
        {
            var left = new Table().AddColumns("repository", "left out", "why");
            foreach (var problem in problems.EnumerateArray())
            {
                left.AddRow(Markup.Escape(Text(problem, "repository")), Markup.Escape(Text(problem, "item")), Markup.Escape(Text(problem, "reason")));
            }

            console.Write(left);
        }

        return Ended(console, status, "import", "Import finished.", "Dry run: nothing was imported.");
    }

    private static string Number(JsonElement status, string property) => AdminRun.Number(Count(status, property));

    private static string Text(JsonElement element, string property) => element.GetProperty(property).GetString() ?? "";
}
