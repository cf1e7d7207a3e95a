namespace OrleansRegistry.Grains.Quotas;

/// <summary>One limit of <c>Registry:Quotas:Limits</c>: a push that would take a repository past it is refused.</summary>
public sealed class QuotaLimitOptions
{
    /// <summary>A repository glob, as access rules write them: <c>team/*</c>, <c>ci/**</c>.</summary>
    public string? Repositories { get; set; }

    /// <summary>The most bytes each repository's images may take (its manifests and the blobs they reference, each once).</summary>
    public long? MaxBytes { get; set; }

    /// <summary>The most tags each repository may have.</summary>
    public long? MaxTags { get; set; }
}
