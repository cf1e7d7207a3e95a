using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions.Usage;

namespace OrleansRegistry.Grains.Abstractions;

/// <summary>
/// One repository, keyed by its name, and the single writer of its tags, manifests, blob links and referrers:
/// concurrent updates are serialized here, and a manifest becomes visible only once everything it references is.
/// </summary>
[Alias("IRepositoryGrain")]
public interface IRepositoryGrain : IGrainWithStringKey
{
    /// <summary>The size of a blob linked to this repository, or null where it is not linked.</summary>
    [Alias("GetBlob")]
    Task<long?> GetBlobAsync(Digest digest);

    /// <summary>Links a blob whose bytes are already stored under its digest.</summary>
    [Alias("LinkBlob")]
    Task LinkBlobAsync(Digest digest, long size);

    /// <summary>Links a blob stored for another repository (or, without one, for any); null where it cannot.</summary>
    [Alias("Mount")]
    Task<BlobLink?> MountAsync(Digest digest, RepositoryName? fromRepository);

    [Alias("UnlinkBlob")]
    Task UnlinkBlobAsync(Digest digest);

    /// <summary>Resolves a tag or digest to the manifest it names.</summary>
    [Alias("GetManifest")]
    Task<ManifestRecord> GetManifestAsync(ManifestReference reference);

    /// <summary>
    /// Records a manifest whose bytes are already stored and points every one of <paramref name="tags"/> at it, in
    /// one call: none, the tag it was pushed to, or the tags a push by digest names.
    /// </summary>
    [Alias("PutManifest")]
    Task PutManifestAsync(ManifestRecord manifest, IReadOnlyList<Tag> tags);

    /// <summary>
    /// Records a manifest of an upstream that this repository caches, whose bytes are already stored and verified,
    /// and points <paramref name="tags"/> at it. Unlike a push, the blobs and child manifests it references need not
    /// be here: they are fetched from the upstream when asked for.
    /// </summary>
    [Alias("CacheManifest")]
    Task CacheManifestAsync(ManifestRecord manifest, IReadOnlyList<Tag> tags);

    /// <summary>Deletes a manifest and every tag that points at it.</summary>
    [Alias("DeleteManifest")]
    Task DeleteManifestAsync(Digest digest);

    /// <summary>Deletes a tag only; the manifest stays reachable by digest.</summary>
    [Alias("DeleteTag")]
    Task DeleteTagAsync(Tag tag);

    /// <summary>A page of tags, or null where the repository does not exist.</summary>
    /// <param name="last">The client's cursor: the last tag of the page before, which need not exist.</param>
    [Alias("ListTags")]
    Task<Page<Tag>?> ListTagsAsync(string? last, int limit);

    [Alias("GetReferrers")]
    Task<IReadOnlyList<ManifestRecord>> GetReferrersAsync(Digest subject, string? artifactType);

    /// <summary>What the repository holds, or null where it does not exist.</summary>
    [Alias("GetUsage")]
    Task<RepositoryUsage?> GetUsageAsync();

    /// <summary>The quota the repository is held to, or null where none is.</summary>
    [Alias("GetQuota")]
    Task<RepositoryQuota?> GetQuotaAsync();
}
