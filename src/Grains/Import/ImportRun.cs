using Microsoft.Extensions.Logging;
using OrleansRegistry.Grains.Abstractions.Import;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Grains.Import;

/// <summary>What one run of the importer shares across repositories: its request, the blobs it verified, its tally.</summary>
/// <param name="progressed">Called as the tally grows, on the importer's scheduler.</param>
internal sealed class ImportRun(IGrainFactory grains, IBlobStore blobs, IStorageTree tree, ImportRequest request, Action progressed, ILogger logger)
{
    private readonly List<ImportProblem> _problems = [];

    public IGrainFactory Grains => grains;

    public IBlobStore Blobs => blobs;

    public bool DryRun => request.DryRun;

    public DistributionWalk Walk { get; } = new(tree);

    public BlobVerifier Verifier { get; } = new(blobs, hash: !request.DryRun);

    public ImportTally Tally { get; private set; } = ImportTally.None;

    /// <summary>A copy: the status that carries it crosses grain calls without being copied.</summary>
    public IReadOnlyList<ImportProblem> Problems => _problems.ToArray();

    public void Count(ImportTally tally)
    {
        Tally += tally;
        progressed();
        if (!DryRun)
        {
            ImportMetrics.Imported(tally);
        }
    }

    public void Skip(string repository, string item, string reason)
    {
        Count(ImportTally.None with { Skipped = 1 });
        if (_problems.Count < ImportStatus.MaxProblems)
        {
            _problems.Add(new ImportProblem(repository, item, reason));
        }

        logger.LogWarning("Import left out {Item} of {Repository}: {Reason}", item, repository, reason);
    }
}
