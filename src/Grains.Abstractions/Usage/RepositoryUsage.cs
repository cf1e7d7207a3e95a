namespace OrleansRegistry.Grains.Abstractions.Usage;

/// <summary>
/// What a repository holds, kept by its grain with every write (never counted by walking storage). Bytes are
/// counted once per repository: a layer two images of it share counts once, and a layer another repository shares
/// counts in each, as a project quota in Harbor does.
/// </summary>
/// <param name="ManifestBytes">The bytes of its manifests (images, indexes, referrers).</param>
/// <param name="ReferencedBlobBytes">The blobs its manifests reference (configs and layers), each once, by the sizes the manifests declare.</param>
/// <param name="LinkedBlobBytes">The blobs linked to it, referenced or not: pushes in flight and abandoned ones too, until the collector unlinks them.</param>
[GenerateSerializer, Immutable, Alias("RepositoryUsage")]
public sealed record RepositoryUsage(
    [property: Id(0)] long ManifestBytes,
    [property: Id(1)] long Manifests,
    [property: Id(2)] long ReferencedBlobBytes,
    [property: Id(3)] long LinkedBlobBytes,
    [property: Id(4)] long LinkedBlobs,
    [property: Id(5)] long Tags)
{
    public static RepositoryUsage None { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>What its images take: manifests and the blobs they reference. Quotas count this.</summary>
    public long Bytes => ManifestBytes + ReferencedBlobBytes;

    public static RepositoryUsage operator +(RepositoryUsage a, RepositoryUsage b) => new(
        a.ManifestBytes + b.ManifestBytes,
        a.Manifests + b.Manifests,
        a.ReferencedBlobBytes + b.ReferencedBlobBytes,
        a.LinkedBlobBytes + b.LinkedBlobBytes,
        a.LinkedBlobs + b.LinkedBlobs,
        a.Tags + b.Tags);
}
