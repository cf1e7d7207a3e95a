namespace OrleansRegistry.Grains.Abstractions.Import;

/// <summary>
/// What a run imported (or, in a dry run, would import), and what it found already there: an import run again finds
/// everything present and imports nothing.
/// </summary>
/// <param name="Repositories">Repositories of the tree walked so far.</param>
/// <param name="Skipped">Blobs, manifests and tags left out, each with its reason in the status' problems.</param>
[GenerateSerializer, Immutable, Alias("ImportTally")]
public sealed record ImportTally(
    [property: Id(0)] long Repositories,
    [property: Id(1)] long BlobsLinked,
    [property: Id(2)] long BlobsPresent,
    [property: Id(3)] long ManifestsImported,
    [property: Id(4)] long ManifestsPresent,
    [property: Id(5)] long TagsImported,
    [property: Id(6)] long TagsPresent,
    [property: Id(7)] long Skipped)
{
    public static ImportTally None { get; } = new(0, 0, 0, 0, 0, 0, 0, 0);

    public static ImportTally operator +(ImportTally a, ImportTally b) => new(
        a.Repositories + b.Repositories,
        a.BlobsLinked + b.BlobsLinked,
        a.BlobsPresent + b.BlobsPresent,
        a.ManifestsImported + b.ManifestsImported,
        a.ManifestsPresent + b.ManifestsPresent,
        a.TagsImported + b.TagsImported,
        a.TagsPresent + b.TagsPresent,
        a.Skipped + b.Skipped);
}
