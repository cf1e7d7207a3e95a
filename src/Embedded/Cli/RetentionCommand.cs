using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using static OrleansRegistry.Embedded.Cli.AdminRun;

namespace OrleansRegistry.Embedded.Cli;

/// <summary>
/// <c>retention [--dry-run] [--repository NAME] [--url URL] [--user NAME --password PASSWORD]</c>: applies the
/// registry's retention policies now, through its admin API (<c>/_registry/retention</c>), and lists the tags it
/// deleted, or in a dry run would delete, with the size of each image.
/// </summary>
public static class RetentionCommand
{
    public const string Name = "retention";

    private const string Usage = "usage: retention [--dry-run] [--repository NAME] " + AdminArguments.CommonUsage;

    /// <summary>Tags the summary lists; the admin API's report has more.</summary>
    private const int Listed = 50;

    /// <returns>0 when the run finished, 1 when it failed or the registry refused, 2 for a bad command line.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, IAnsiConsole console, CancellationToken cancellationToken)
    {
        if (AdminArguments.Parse(args, new HashSet<string> { "--dry-run" }, new HashSet<string> { "--repository" }) is not { } arguments)
        {
            console.WriteLine(Usage);
            return 2;
        }

        var query = $"?dryRun={(arguments.Flags.Contains("--dry-run") ? "true" : "false")}";
        if (arguments.Values.TryGetValue("--repository", out var repository))
        {
            query += "&repository=" + Uri.EscapeDataString(repository);
        }

        var status = await FollowAsync(console, arguments, "_registry/retention", query, "Applying retention policies", Progress, cancellationToken);
        return status is { } ended ? Summarize(console, ended) : 1;
    }

    private static string Progress(JsonElement status) => string.Create(CultureInfo.InvariantCulture,
        $"Applying retention policies: {Count(status, "repositoriesVisited")} repositories visited, {Count(status, "tagsDeleted")} tags retired so far");

    private static int Summarize(IAnsiConsole console, JsonElement status)
    {
        var tags = status.GetProperty("tags").EnumerateArray().ToList();
        if (tags.Count > 0)
        {
            var table = new Table().AddColumns("repository", "tag", "pushed", "last pulled", "size", "rule");
            foreach (var tag in tags.Take(Listed))
            {
                table.AddRow(
                    Markup.Escape(tag.GetProperty("repository").GetString()!),
                    Markup.Escape(tag.GetProperty("tag").GetString()!),
                    tag.GetProperty("pushedAt").GetDateTimeOffset().ToString("u", CultureInfo.InvariantCulture),
                    tag.TryGetProperty("pulledAt", out var pulled) && pulled.ValueKind != JsonValueKind.Null ? pulled.GetDateTimeOffset().ToString("u", CultureInfo.InvariantCulture) : "never",
                    Bytes(tag.GetProperty("size").GetInt64()),
                    tag.GetProperty("rule").GetString()!);
            }

            console.Write(table);
        }

        var deleted = Count(status, "tagsDeleted");
        var verb = status.GetProperty("dryRun").GetBoolean() ? "would be deleted" : "deleted";
        var listed = deleted > Listed ? $", the first {Listed} listed" : "";
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Number(deleted)} tags {verb} in {Number(Count(status, "repositoriesVisited"))} repositories ({Bytes(Count(status, "imageBytes"))} of images; a collection frees what no other image shares){listed}."));
        return Ended(console, status, "retention run", "Retention run finished.", "Dry run: nothing was deleted.");
    }
}
