using System.Diagnostics.Metrics;
using OrleansRegistry.Grains.Abstractions.Import;
using OrleansRegistry.Grains.Hosting;

namespace OrleansRegistry.Grains.Import;

/// <summary>
/// What imports brought in from a Distribution tree, for an operator following a migration: repositories, manifests
/// and tags imported, blobs linked, and what was left out (real runs only: a dry run changes nothing).
/// </summary>
internal static class ImportMetrics
{
    private static readonly Meter Meter = GrainMetrics.Meter;
    private static readonly Counter<long> Repositories = Meter.CreateCounter<long>(
        "registry.import.repositories", "{repository}", "Repositories of a Distribution tree the importer walked");
    private static readonly Counter<long> Manifests = Meter.CreateCounter<long>(
        "registry.import.manifests", "{manifest}", "Manifests the importer recorded in repositories");
    private static readonly Counter<long> Tags = Meter.CreateCounter<long>(
        "registry.import.tags", "{tag}", "Tags the importer pointed at their manifests");
    private static readonly Counter<long> BlobsLinked = Meter.CreateCounter<long>(
        "registry.import.blobs_linked", "{blob}", "Blobs the importer verified and linked to repositories");
    private static readonly Counter<long> Skipped = Meter.CreateCounter<long>(
        "registry.import.skipped", "{item}", "Blobs, manifests and tags the importer left out, each with a reason in its status and log");

    public static void Imported(ImportTally tally)
    {
        Repositories.Add(tally.Repositories);
        Manifests.Add(tally.ManifestsImported);
        Tags.Add(tally.TagsImported);
        BlobsLinked.Add(tally.BlobsLinked);
        Skipped.Add(tally.Skipped);
    }
}
