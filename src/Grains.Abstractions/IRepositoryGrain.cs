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
    Task<long?> GetBlobAsync(string digest);

    [Alias("LinkBlob")]
    Task LinkBlobAsync(string digest, long size);

    /// <summary>Links a blob stored for another repository (or, without one, for any); null where it cannot.</summary>
    [Alias("Mount")]
    Task<BlobLink?> MountAsync(string digest, string? fromRepository);

    [Alias("UnlinkBlob")]
    Task UnlinkBlobAsync(string digest);

    /// <summary>Resolves a tag or digest to the manifest it names.</summary>
    [Alias("GetManifest")]
    Task<ManifestRecord> GetManifestAsync(string reference);

    /// <summary>Records a manifest whose bytes are already stored, and points <paramref name="tag"/> at it.</summary>
    [Alias("PutManifest")]
    Task PutManifestAsync(ManifestRecord manifest, string? tag);

    /// <summary>Deletes a manifest and every tag that points at it.</summary>
    [Alias("DeleteManifest")]
    Task DeleteManifestAsync(string digest);

    /// <summary>Deletes a tag only; the manifest stays reachable by digest.</summary>
    [Alias("DeleteTag")]
    Task DeleteTagAsync(string tag);

    /// <summary>A page of tags, or null where the repository does not exist.</summary>
    [Alias("ListTags")]
    Task<Page?> ListTagsAsync(string? last, int limit);

    [Alias("GetReferrers")]
    Task<IReadOnlyList<ManifestRecord>> GetReferrersAsync(string subjectDigest, string? artifactType);
}
