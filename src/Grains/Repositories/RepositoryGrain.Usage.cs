using OrleansRegistry.Core.Errors;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Abstractions.Usage;
using OrleansRegistry.Grains.Quotas;

namespace OrleansRegistry.Grains.Repositories;

/// <summary>
/// What the repository holds (<see cref="RepositoryUsage"/>): every write carries what it changes, in the same
/// batch, so usage is never counted by walking storage and never drifts from the entries it sums. A push that would
/// take the repository past its quota is refused before anything of it is visible.
/// </summary>
internal sealed partial class RepositoryGrain
{
    public Task<RepositoryQuota?> GetQuotaAsync() =>
        Task.FromResult(_quota is { } quota ? new RepositoryQuota(quota.MaxBytes, quota.MaxTags, quota.Setting) : null);

    /// <summary>
    /// The bytes of the blobs <paramref name="manifest"/> references that no manifest here referenced before. A push
    /// links its blobs first, and a linked blob no manifest references is a collection candidate, so one read of the
    /// candidates answers; a cache's blobs need not be linked, so each is looked up.
    /// </summary>
    private async Task<long> NewlyReferencedBytesAsync(ManifestRecord manifest, bool linkedOnly)
    {
        var blobs = manifest.Blobs.DistinctBy(blob => blob.Digest).ToList();
        if (linkedOnly)
        {
            var unreferenced = await _entries.GetManyAsync(RepositoryEntries.Unreferenced, blobs.Select(blob => blob.Digest.ToString()).ToList());
            return blobs.Where((_, i) => unreferenced[i] is not null).Sum(blob => blob.Size);
        }

        var bytes = 0L;
        foreach (var blob in blobs)
        {
            bytes += await IsReferencedAsync(blob.Digest) ? 0 : blob.Size;
        }

        return bytes;
    }

    /// <summary>Refuses a push that adds to what its quota limits once past it, with the spec's <c>DENIED</c>, which clients show as it is.</summary>
    private void EnsureWithinQuota(QuotaLimit quota, RepositoryUsage added)
    {
        var after = _usage! + added;
        if (quota.MaxBytes is { } maxBytes && added.Bytes > 0 && after.Bytes > maxBytes)
        {
            QuotaMetrics.Refused("bytes");
            throw Refusal($"quota exceeded: {Name} would take {after.Bytes} bytes, over its quota of {maxBytes} ({quota.Setting}, {quota.Repositories}); delete images to make room");
        }

        if (quota.MaxTags is { } maxTags && added.Tags > 0 && after.Tags > maxTags)
        {
            QuotaMetrics.Refused("tags");
            throw Refusal($"quota exceeded: {Name} would have {after.Tags} tags, over its quota of {maxTags} ({quota.Setting}, {quota.Repositories}); delete tags to make room");
        }

        // As Harbor does, the reason is the error's message: docker, podman and skopeo show "denied: <message>".
        static RegistryGrainException Refusal(string reason) => new(RegistryErrorCode.Denied, reason, clientMessage: reason);
    }

    /// <summary>Counts what a repository written before usage was kept holds, once, at its first activation since.</summary>
    private async Task CountUsageAsync()
    {
        var usage = RepositoryUsage.None;
        var referenced = new Dictionary<string, long>();
        await foreach (var digest in _entries.ListAllAsync(RepositoryEntries.Manifests))
        {
            if (RepositoryEntries.ManifestOf(await _entries.GetAsync(RepositoryEntries.Manifests, digest)) is { } manifest)
            {
                usage = usage with { ManifestBytes = usage.ManifestBytes + manifest.Size, Manifests = usage.Manifests + 1 };
                foreach (var blob in manifest.Blobs)
                {
                    referenced[blob.Digest.ToString()] = blob.Size;
                }
            }
        }

        await foreach (var digest in _entries.ListAllAsync(RepositoryEntries.Blobs))
        {
            var size = RepositoryEntries.SizeOf(await _entries.GetAsync(RepositoryEntries.Blobs, digest)) ?? 0;
            usage = usage with { LinkedBlobBytes = usage.LinkedBlobBytes + size, LinkedBlobs = usage.LinkedBlobs + 1 };
        }

        await foreach (var _ in _entries.ListAllAsync(RepositoryEntries.Tags))
        {
            usage = usage with { Tags = usage.Tags + 1 };
        }

        usage = usage with { ReferencedBlobBytes = referenced.Values.Sum() };
        await _entries.WriteAsync([RepositoryEntries.PutUsage(usage)]);
        _usage = usage;
    }
}
