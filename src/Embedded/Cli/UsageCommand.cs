using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Spectre.Console;
using static OrleansRegistry.Embedded.Cli.AdminRun;

namespace OrleansRegistry.Embedded.Cli;

/// <summary>
/// <c>usage [--repository NAME | --prefix PREFIX] [--url URL] [--user NAME --password PASSWORD]</c>: the storage a
/// repository, a namespace or the whole registry uses, and a repository's quota, from the admin API
/// (<c>/_registry/usage</c>).
/// </summary>
public static class UsageCommand
{
    public const string Name = "usage";

    private const string Usage = "usage: usage [--repository NAME | --prefix PREFIX] " + AdminArguments.CommonUsage;

    /// <returns>0 when answered, 1 when the registry refused or could not be reached, 2 for a bad command line.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, IAnsiConsole console, CancellationToken cancellationToken)
    {
        if (AdminArguments.Parse(args, new HashSet<string>(), new HashSet<string> { "--repository", "--prefix" }) is not { } arguments
            || arguments.Values.Count > 1)
        {
            console.WriteLine(Usage);
            return 2;
        }

        var query = arguments.Values.Select(value => $"?{value.Key[2..]}={Uri.EscapeDataString(value.Value)}").FirstOrDefault() ?? "";
        using var http = arguments.CreateClient();
        try
        {
            using var response = await http.GetAsync("_registry/usage" + query, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                console.MarkupLineInterpolated($"[red]The registry refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}[/]");
                return 1;
            }

            Show(console, await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken));
            return 0;
        }
        catch (HttpRequestException e)
        {
            Unreachable(console, arguments, e);
            return 1;
        }
    }

    private static void Show(IAnsiConsole console, JsonElement report)
    {
        var table = new Table().AddColumns("", "bytes", "manifests", "tags", "unreferenced blobs");
        if (report.TryGetProperty("prefix", out var prefix))
        {
            var label = prefix.GetString() is { Length: > 0 } under ? $"{Number(Count(report, "repositories"))} repositories under {under}" : $"all {Number(Count(report, "repositories"))} repositories";
            AddRow(table, label, report.GetProperty("usage"));
            foreach (var repository in report.GetProperty("largest").EnumerateArray())
            {
                AddRow(table, "  " + repository.GetProperty("repository").GetString(), repository.GetProperty("usage"));
            }

            console.Write(table);
            console.WriteLine("A blob that several repositories share counts in each.");
            return;
        }

        AddRow(table, report.GetProperty("repository").GetString()!, report.GetProperty("usage"));
        console.Write(table);
        if (report.TryGetProperty("quota", out var quota) && quota.ValueKind == JsonValueKind.Object)
        {
            var bytes = quota.TryGetProperty("maxBytes", out var maxBytes) && maxBytes.ValueKind == JsonValueKind.Number ? Bytes(maxBytes.GetInt64()) : "no limit";
            var tags = quota.TryGetProperty("maxTags", out var maxTags) && maxTags.ValueKind == JsonValueKind.Number ? Number(maxTags.GetInt64()) : "no limit";
            console.WriteLine($"Quota ({quota.GetProperty("setting").GetString()}): {bytes}, {tags} tags.");
        }
    }

    private static void AddRow(Table table, string label, JsonElement usage) => table.AddRow(
        Markup.Escape(label),
        Bytes(Count(usage, "bytes")),
        Number(Count(usage, "manifests")),
        Number(Count(usage, "tags")),
        Bytes(Count(usage, "unreferencedBlobBytes")));
}
