using OrleansRegistry.Application.Observability;
using OrleansRegistry.Application.PullThrough;
using OrleansRegistry.Application.Storage;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Manifests;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Storage;
using OrleansRegistry.Upstream;

namespace OrleansRegistry.Application.Manifests;

/// <summary>
/// Manifests, and the order in which one becomes visible: parsed and verified against its digest, stored under that
/// digest, and only then recorded by the repository, which checks that everything it references is there.
/// </summary>
public sealed class ManifestService(
    IGrainFactory grains, ContentCommits commits, ManifestContentCache cache, Upstreams upstreams, CachedManifests cached, RegistryMetrics metrics)
{
    /// <summary>The manifest a reference names; in a repository that caches an upstream, fetched from there where it must be.</summary>
    /// <returns>The manifest, and how it was served where the repository is a cache (null otherwise).</returns>
    public async Task<(ManifestRecord Manifest, CacheOutcome? Outcome)> GetAsync(RepositoryName repository, ManifestReference reference, CancellationToken cancellationToken)
    {
        if (upstreams.Find(repository) is { } proxied)
        {
            var served = await cached.GetAsync(proxied, reference, cancellationToken);
            return (served.Manifest, served.Outcome);
        }

        return (await grains.Repository(repository).GetManifestAsync(reference), null);
    }

    public Task<byte[]> GetContentAsync(ManifestRecord manifest, CancellationToken cancellationToken) =>
        cache.GetAsync(manifest.Digest, manifest.Size, cancellationToken);

    /// <summary>
    /// For a client that cannot read indexes, the linux/amd64 image of one, as Distribution serves it; null where the
    /// manifest is no index or lists no such image.
    /// </summary>
    public async Task<ManifestRecord?> GetPlatformDefaultAsync(RepositoryName repository, ManifestRecord index, CancellationToken cancellationToken)
    {
        if (!MediaTypes.IsIndex(index.MediaType))
        {
            return null;
        }

        var content = await GetContentAsync(index, cancellationToken);
        var child = ManifestParser.Parse(content, index.MediaType, index.Digest.Algorithm).RequiredManifests
            .FirstOrDefault(m => m.Platform is { Os: "linux", Architecture: "amd64" });
        return child is null ? null : (await GetAsync(repository, ManifestReference.ForDigest(child.Digest), cancellationToken)).Manifest;
    }

    /// <param name="reference">What the manifest is pushed to: a tag, or the digest it must have.</param>
    /// <param name="tags">The tags to point at it, recorded with it in one step: the reference's tag, or those a push by digest names.</param>
    /// <param name="contentType">The request's Content-Type, the media type of a manifest that does not name its own.</param>
    public async Task<ParsedManifest> PutAsync(
        RepositoryName repository, ManifestReference reference, IReadOnlyList<Tag> tags, byte[] content, string? contentType, CancellationToken cancellationToken)
    {
        var parsed = ManifestParser.Parse(content, contentType, reference.Digest?.Algorithm ?? Digest.Sha256);
        if (reference.Digest is { } expected && parsed.Digest != expected)
        {
            throw new RegistryException(RegistryErrorCode.DigestInvalid, $"the manifest's digest is {parsed.Digest}, not {expected}");
        }

        await commits.PutAsync(parsed.Digest, content, cancellationToken);
        await grains.Repository(repository).PutManifestAsync(ManifestRecords.Of(parsed), tags);
        cache.Add(parsed.Digest, content);
        metrics.ManifestPushed();
        return parsed;
    }

    /// <summary>By digest, the manifest and every tag of it; by tag, the tag only.</summary>
    public async Task DeleteAsync(RepositoryName repository, ManifestReference reference)
    {
        var grain = grains.Repository(repository);
        if (reference.Digest is { } digest)
        {
            await grain.DeleteManifestAsync(digest);
        }
        else
        {
            await grain.DeleteTagAsync(reference.Tag!.Value);
        }
    }

    public Task<IReadOnlyList<ManifestRecord>> GetReferrersAsync(RepositoryName repository, Digest subject, string? artifactType) =>
        grains.Repository(repository).GetReferrersAsync(subject, artifactType);
}
