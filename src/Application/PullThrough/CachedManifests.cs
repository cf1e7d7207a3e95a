using Microsoft.Extensions.Logging;
using OrleansRegistry.Application.Manifests;
using OrleansRegistry.Application.Observability;
using OrleansRegistry.Application.Storage;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Manifests;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Abstractions.PullThrough;
using OrleansRegistry.Storage;
using OrleansRegistry.Upstream;

namespace OrleansRegistry.Application.PullThrough;

/// <summary>
/// Manifests of cached repositories. By digest: cached forever once fetched (content-addressed). By tag: served
/// from the cache for the upstream's <c>ManifestTtl</c>, then revalidated with one <c>HEAD</c> (no download when
/// the digest is unchanged); when the upstream fails or asks for a pause, the cached tag is served stale. A fetched
/// manifest becomes visible as a pushed one does: verified against its digest, stored, then recorded.
/// </summary>
public sealed class CachedManifests(
    IGrainFactory grains,
    ContentCommits commits,
    UpstreamClient upstreams,
    SingleFlight flight,
    ManifestContentCache contents,
    PullThroughMetrics metrics,
    TimeProvider time,
    ILogger<CachedManifests> logger)
{
    public async Task<CachedManifest> GetAsync(ProxiedRepository repository, ManifestReference reference, CancellationToken cancellationToken)
    {
        var served = reference.Digest is { } digest
            ? await GetByDigestAsync(repository, digest, cancellationToken)
            : await GetByTagAsync(repository, reference.Tag!.Value, cancellationToken);
        metrics.ServedManifest(repository.Upstream.Name, served.Outcome);
        return served;
    }

    private async Task<CachedManifest> GetByDigestAsync(ProxiedRepository repository, Digest digest, CancellationToken cancellationToken)
    {
        var reference = ManifestReference.ForDigest(digest);
        if (await FindAsync(repository, reference) is { } cached)
        {
            return new CachedManifest(cached, CacheOutcome.Hit);
        }

        var outcome = CacheOutcome.Hit;
        var turn = await flight.RunAsync(
            UpstreamFetchKey.Manifest(repository.Local, digest),
            async fetching =>
            {
                outcome = CacheOutcome.Miss;
                await FetchAsync(repository, reference, digest, [], fetching);
                return new FetchResult(null, DateTimeOffset.MaxValue);
            },
            cancellationToken);
        if (turn.Kind == FetchTurnKind.Failed)
        {
            throw UpstreamRefusals.Of(turn.Failure!, RegistryErrorCode.ManifestUnknown, $"{repository.Local}@{digest}");
        }

        return new CachedManifest(await grains.Repository(repository.Local).GetManifestAsync(reference), outcome);
    }

    private async Task<CachedManifest> GetByTagAsync(ProxiedRepository repository, Tag tag, CancellationToken cancellationToken)
    {
        var reference = ManifestReference.ForTag(tag);
        var key = UpstreamFetchKey.Tag(repository.Local, tag);
        var outcome = CacheOutcome.Hit;
        var turn = await flight.RunAsync(
            key,
            async fetching =>
            {
                outcome = await RevalidateAsync(repository, tag, fetching);
                return new FetchResult(null, time.GetUtcNow() + repository.Upstream.ManifestTtl);
            },
            cancellationToken);
        var cached = await FindAsync(repository, reference);
        if (turn.Kind == FetchTurnKind.Failed)
        {
            if (turn.Failure is { NotFound: false } && cached is not null)
            {
                logger.LogWarning(
                    "Serving {Repository}:{Tag} stale ({Digest}): the upstream could not revalidate it: {Message}",
                    repository.Local, tag, cached.Digest, turn.Failure.Message);
                return new CachedManifest(cached, CacheOutcome.Stale);
            }

            throw UpstreamRefusals.Of(turn.Failure!, RegistryErrorCode.ManifestUnknown, $"{repository.Local}:{tag}");
        }

        if (cached is null)
        {
            // Fresh by the grain, yet deleted here since: the next pull fetches it again.
            await grains.UpstreamFetch(key).ForgetAsync();
            throw new RegistryException(RegistryErrorCode.ManifestUnknown, $"{repository.Local}:{tag}");
        }

        return new CachedManifest(cached, outcome);
    }

    /// <summary>
    /// Where the tag points upstream now. With nothing cached, one GET; otherwise one HEAD, and a GET only for a
    /// digest not cached yet.
    /// </summary>
    private async Task<CacheOutcome> RevalidateAsync(ProxiedRepository repository, Tag tag, CancellationToken cancellationToken)
    {
        var reference = ManifestReference.ForTag(tag);
        var cached = await FindAsync(repository, reference);
        if (cached is null)
        {
            await FetchAsync(repository, reference, null, [tag], cancellationToken);
            return CacheOutcome.Miss;
        }

        var head = await upstreams.HeadManifestAsync(repository, reference, cancellationToken);
        if (head.Digest == cached.Digest)
        {
            metrics.Revalidated(repository.Upstream.Name, changed: false);
            return CacheOutcome.Revalidated;
        }

        metrics.Revalidated(repository.Upstream.Name, changed: true);
        if (head.Digest is { } moved && await FindAsync(repository, ManifestReference.ForDigest(moved)) is { } known)
        {
            await grains.Repository(repository.Local).CacheManifestAsync(known, [tag]);
            return CacheOutcome.Revalidated;
        }

        await FetchAsync(repository, head.Digest is { } digest ? ManifestReference.ForDigest(digest) : reference, head.Digest, [tag], cancellationToken);
        return CacheOutcome.Miss;
    }

    /// <summary>Fetches, verifies, stores and records a manifest, as a push would: the repository sees it only whole.</summary>
    /// <param name="expected">The digest it must have; for a fetch by tag, the upstream's Docker-Content-Digest is checked instead.</param>
    private async Task FetchAsync(ProxiedRepository repository, ManifestReference reference, Digest? expected, IReadOnlyList<Tag> tags, CancellationToken cancellationToken)
    {
        var upstream = repository.Upstream;
        var fetched = await upstreams.GetManifestAsync(repository, reference, cancellationToken);
        metrics.Fetched(upstream.Name, fetched.Content.Length);
        ParsedManifest parsed;
        try
        {
            parsed = ManifestParser.Parse(fetched.Content, fetched.MediaType, (expected ?? fetched.Digest)?.Algorithm ?? Digest.Sha256);
        }
        catch (RegistryException e)
        {
            throw new UpstreamException(upstream, null, null, $"the manifest {reference} is not one this registry can serve: {e.Message}", e);
        }

        var claimed = expected ?? fetched.Digest;
        if (claimed is { } digest && parsed.Digest != digest)
        {
            throw new UpstreamException(upstream, null, null, $"the manifest {reference} it served has the digest {parsed.Digest}, not {digest}");
        }

        await commits.PutAsync(parsed.Digest, fetched.Content, cancellationToken);
        await grains.Repository(repository.Local).CacheManifestAsync(ManifestRecords.Of(parsed), tags);
        contents.Add(parsed.Digest, fetched.Content);
    }

    private async Task<ManifestRecord?> FindAsync(ProxiedRepository repository, ManifestReference reference)
    {
        try
        {
            return await grains.Repository(repository.Local).GetManifestAsync(reference);
        }
        catch (RegistryGrainException e) when (e.Error == RegistryErrorCode.ManifestUnknown)
        {
            return null;
        }
    }
}
