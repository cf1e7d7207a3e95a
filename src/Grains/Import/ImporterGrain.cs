using Microsoft.Extensions.Logging;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions.Import;
using OrleansRegistry.Grains.Persistence;
using OrleansRegistry.Metadata;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Grains.Import;

/// <summary>
/// Runs imports of a Distribution tree: counts its repositories, then imports them one by one
/// (<see cref="RepositoryImport"/>). It decides nothing of a repository itself: each repository grain records what
/// it is given as it does for a push, between the pushes and pulls it serves meanwhile. A run goes on in the
/// background between calls, so status calls answer while it does; as it is idempotent, a run that failed or was
/// cut short by a restart is simply run again.
/// </summary>
internal sealed class ImporterGrain(IEntryStore store, IBlobStore blobs, IStorageTree tree, TimeProvider time, ILogger<ImporterGrain> logger)
    : Grain, IImporterGrain, IImportGuardGrain
{
    private const string Meta = "meta";
    private const string LastFinishedKey = "last-finished";

    private GrainEntries _entries = null!;
    private ImportStatus _status = ImportStatus.Idle;
    private ImportRun? _run;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _entries = new GrainEntries(store, EntryOwners.Importer, GrainContext);
        await _entries.OpenAsync();
    }

    public async Task<bool> HoldsUnimportedTreeAsync()
    {
        if (_status.State == ImportState.Running)
        {
            return true;
        }

        if (await _entries.GetAsync(Meta, LastFinishedKey) is not null)
        {
            return false;
        }

        await foreach (var _ in tree.ListChildrenAsync(DistributionTree.RepositoriesRoot, CancellationToken.None))
        {
            return true;
        }

        return false;
    }

    public Task<ImportStatus> RunAsync(ImportRequest request)
    {
        if (_status.State != ImportState.Running)
        {
            _run = new ImportRun(GrainFactory, blobs, tree, request, KeepAlive, logger);
            _status = ImportStatus.Idle with { State = ImportState.Running, Request = request, StartedAt = time.GetUtcNow() };
            // Not awaited: the run outlives this call, on this activation's scheduler, between its other calls.
            _ = RunInBackgroundAsync(_run);
        }

        return GetStatusAsync();
    }

    public Task<ImportStatus> GetStatusAsync() =>
        Task.FromResult(_run is null ? _status : _status with { Tally = _run.Tally, Problems = _run.Problems });

    private async Task RunInBackgroundAsync(ImportRun run)
    {
        logger.LogInformation("Import of the Distribution tree started{Dry}", run.DryRun ? " (dry run)" : "");
        try
        {
            var found = 0L;
            await foreach (var _ in run.Walk.RepositoriesAsync(CancellationToken.None))
            {
                _status = _status with { RepositoriesFound = ++found };
                KeepAlive();
            }

            await foreach (var name in run.Walk.RepositoriesAsync(CancellationToken.None))
            {
                if (RepositoryName.TryParse(name, out var repository))
                {
                    var before = run.Tally;
                    await new RepositoryImport(run, repository).ImportAsync(CancellationToken.None);
                    logger.LogInformation(
                        "Imported {Repository}{Dry}: {Manifests} manifests, {Tags} tags, {Blobs} blobs linked; {Skipped} left out",
                        name, run.DryRun ? " (dry run)" : "", run.Tally.ManifestsImported - before.ManifestsImported, run.Tally.TagsImported - before.TagsImported,
                        run.Tally.BlobsLinked - before.BlobsLinked, run.Tally.Skipped - before.Skipped);
                }
                else
                {
                    run.Skip(name, "repository", "not a valid repository name");
                }

                run.Count(ImportTally.None with { Repositories = 1 });
            }

            _status = _status with { State = ImportState.Finished, FinishedAt = time.GetUtcNow() };
            if (!run.DryRun)
            {
                // From now on what no grain knows of is garbage: the tree's blobs that an import left out are unusable.
                await _entries.WriteAsync([EntryChange.Put(Meta, LastFinishedKey, EntryTimes.Format(_status.FinishedAt.Value))]);
            }

            var tally = run.Tally;
            logger.LogInformation(
                "Import finished{Dry}: {Repositories} repositories, {Manifests} manifests and {Tags} tags imported, {Blobs} blobs linked; "
                + "{ManifestsPresent} manifests, {TagsPresent} tags and {BlobsPresent} blobs were there already; {Skipped} left out",
                run.DryRun ? " (dry run, nothing recorded)" : "", tally.Repositories, tally.ManifestsImported, tally.TagsImported, tally.BlobsLinked,
                tally.ManifestsPresent, tally.TagsPresent, tally.BlobsPresent, tally.Skipped);
        }
        catch (Exception e)
        {
            _status = _status with { State = ImportState.Failed, FinishedAt = time.GetUtcNow(), Error = e.Message };
            logger.LogError(e, "Import failed; what it recorded stays, and running it again goes on from there");
        }
    }

    /// <summary>A run may take longer than an idle activation lives; it keeps the activation as long as it goes on.</summary>
    private void KeepAlive() => DelayDeactivation(TimeSpan.FromMinutes(5));
}
