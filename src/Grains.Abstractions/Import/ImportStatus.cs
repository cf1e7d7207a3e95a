namespace OrleansRegistry.Grains.Abstractions.Import;

/// <summary>The importer's current or last run, as far as it has gone.</summary>
/// <param name="RepositoriesFound">
/// How many repositories the tree holds, counted before the import starts, so that progress can be shown against
/// it; <see cref="ImportTally.Repositories"/> says how many are done.
/// </param>
/// <param name="Problems">
/// What was left out and why, the first <see cref="MaxProblems"/> of them; <see cref="ImportTally.Skipped"/> counts
/// them all, and the log has every one.
/// </param>
[GenerateSerializer, Immutable, Alias("ImportStatus")]
public sealed record ImportStatus(
    [property: Id(0)] ImportState State,
    [property: Id(1)] ImportRequest? Request,
    [property: Id(2)] DateTimeOffset? StartedAt,
    [property: Id(3)] DateTimeOffset? FinishedAt,
    [property: Id(4)] long RepositoriesFound,
    [property: Id(5)] ImportTally Tally,
    [property: Id(6)] IReadOnlyList<ImportProblem> Problems,
    [property: Id(7)] string? Error)
{
    /// <summary>Problems a status carries at most, so that a tree damaged throughout does not make it huge.</summary>
    public const int MaxProblems = 100;

    public static ImportStatus Idle { get; } = new(ImportState.Idle, null, null, null, 0, ImportTally.None, [], null);
}
