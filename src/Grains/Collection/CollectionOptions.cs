namespace OrleansRegistry.Grains.Collection;

/// <summary>Section <c>Registry:Collection</c>: the online garbage collector (docs/garbage-collection.md).</summary>
public sealed class CollectionOptions
{
    public const string Section = "Registry:Collection";

    /// <summary>Whether runs start by themselves every <see cref="Interval"/>; runs on demand work either way.</summary>
    public bool Enabled { get; set; } = true;

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a blob stays after it became unreferenced in a repository (a push that has not put its manifest yet
    /// looks just like an abandoned one), or unlinked from every repository; and how long a manifest stays after it
    /// lost the index or the subject it belonged to.
    /// </summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Manifests with no tag, no index listing them and no live subject are deleted this long after they got so;
    /// null (the default, as in Distribution) keeps them, reachable by digest.
    /// </summary>
    public TimeSpan? UntaggedManifestAge { get; set; }

    /// <summary>
    /// A blob that a client found in a repository (<c>HEAD</c> or <c>GET</c> answered 200) stays linked there this
    /// long at least, so that a client that skipped its upload because the blob exists can put its manifest. Longer
    /// than a push takes.
    /// </summary>
    public TimeSpan ExistenceLease { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Bytes announced for a commit are not deleted for this long: longer than any commit and link takes.</summary>
    public TimeSpan CommitLease { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often a background run also walks storage for bytes no grain knows of.</summary>
    public TimeSpan StorageScanInterval { get; set; } = TimeSpan.FromDays(1);
}
