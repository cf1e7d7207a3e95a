namespace OrleansRegistry.Grains.Abstractions.Import;

/// <summary>What a run of the importer does.</summary>
/// <param name="DryRun">
/// Walks the tree and counts what the run would import, importing nothing. It reads link files and manifests, and
/// checks that every blob is stored, but hashes no blob: a blob whose bytes are damaged is found by the real run.
/// </param>
[GenerateSerializer, Immutable, Alias("ImportRequest")]
public sealed record ImportRequest([property: Id(0)] bool DryRun);
