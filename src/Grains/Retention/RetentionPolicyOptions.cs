namespace OrleansRegistry.Grains.Retention;

/// <summary>
/// One policy of <c>Registry:Retention:Policies</c>. A tag goes when it is not protected, was not pulled within
/// <see cref="KeepPulledWithin"/>, and either <see cref="KeepLast"/> newer unprotected tags are kept or it was pushed
/// more than <see cref="DeleteOlderThan"/> ago. Deleting a tag deletes that tag only; its manifest goes (with the
/// garbage collector) only once nothing references it.
/// </summary>
public sealed class RetentionPolicyOptions
{
    /// <summary>A repository glob, as access rules write them: <c>ci/*</c>, <c>cache/**</c>.</summary>
    public string? Repositories { get; set; }

    /// <summary>Keeps the most recently pushed this many unprotected tags.</summary>
    public int? KeepLast { get; set; }

    /// <summary>Deletes unprotected tags pushed longer ago than this.</summary>
    public TimeSpan? DeleteOlderThan { get; set; }

    /// <summary>Keeps any tag pulled (its manifest fetched, by tag or digest) within this, whatever the rules above say.</summary>
    public TimeSpan? KeepPulledWithin { get; set; }

    /// <summary>Tag globs no rule deletes, e.g. <c>v*</c>, <c>latest</c>.</summary>
    public List<string> Protect { get; set; } = [];

    /// <summary>Deletes manifests with no tag (and no index or live subject) after this, in these repositories; overrides <c>Registry:Collection:UntaggedManifestAge</c>.</summary>
    public TimeSpan? UntaggedManifestAge { get; set; }
}
