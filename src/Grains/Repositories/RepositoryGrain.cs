using System.Net;
using Microsoft.Extensions.Logging;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Persistence;

namespace OrleansRegistry.Grains.Repositories;

internal sealed class RepositoryGrain(
    [PersistentState("repository", GrainStorageNames.Registry)] IPersistentState<RepositoryState> head,
    ILogger<RepositoryGrain> logger) : Grain, IRepositoryGrain
{
    private readonly SortedSet<string> _tags = new(LexicalOrder.Instance);
    private readonly Dictionary<string, SortedSet<string>> _referrers = new(StringComparer.Ordinal);
    private ShardedState<RepositoryShard> _shards = null!;

    private string Name => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _shards = ShardedState<RepositoryShard>.Of(GrainContext, "repository");
        await _shards.ReadAsync();
        if (head.State.Tags.Count > 0 || head.State.Manifests.Count > 0 || head.State.Blobs.Count > 0)
        {
            await MoveUnshardedEntriesAsync();
        }

        foreach (var shard in _shards.All)
        {
            _tags.UnionWith(shard.Tags.Keys);
            foreach (var manifest in shard.Manifests.Values)
            {
                IndexReferrer(manifest);
            }
        }
    }

    public Task<long?> GetBlobAsync(string digest) =>
        Task.FromResult(_shards[digest].Blobs.TryGetValue(digest, out var size) ? size : (long?)null);

    public async Task LinkBlobAsync(string digest, long size)
    {
        var blobs = _shards[digest].Blobs;
        if (blobs.TryGetValue(digest, out var linked) && linked == size)
        {
            return;
        }

        // The blob learns of the link first, so a collector never deletes a blob a repository links.
        await GrainFactory.GetGrain<IBlobGrain>(digest).AddLinkAsync(Name);
        blobs[digest] = size;
        await SaveAsync(digest);
    }

    public async Task<BlobLink?> MountAsync(string digest, string? fromRepository)
    {
        var size = fromRepository is null ? await GrainFactory.GetGrain<IBlobGrain>(digest).GetSizeAsync()
            // A call to this very grain would wait on itself.
            : fromRepository == Name ? await GetBlobAsync(digest)
            : await GrainFactory.GetGrain<IRepositoryGrain>(fromRepository).GetBlobAsync(digest);
        if (size is not { } found)
        {
            return null;
        }

        await LinkBlobAsync(digest, found);
        return new BlobLink(digest, found);
    }

    public async Task UnlinkBlobAsync(string digest)
    {
        if (!_shards[digest].Blobs.Remove(digest))
        {
            throw new RegistryGrainException(RegistryErrorCode.BlobUnknown, digest);
        }

        await SaveAsync(digest);
        await GrainFactory.GetGrain<IBlobGrain>(digest).RemoveLinkAsync(Name);
        logger.LogInformation("Blob {Digest} deleted from {Repository}", digest, Name);
    }

    public Task<ManifestRecord> GetManifestAsync(string reference)
    {
        var digest = reference.Contains(':') ? reference : _shards[reference].Tags.GetValueOrDefault(reference);
        return digest is not null && FindManifest(digest) is { } manifest
            ? Task.FromResult(manifest)
            : throw new RegistryGrainException(RegistryErrorCode.ManifestUnknown, $"{Name}:{reference}");
    }

    public async Task PutManifestAsync(ManifestRecord manifest, string? tag)
    {
        foreach (var blob in manifest.Blobs)
        {
            if (!_shards[blob.Digest].Blobs.TryGetValue(blob.Digest, out var size))
            {
                throw new RegistryGrainException(RegistryErrorCode.ManifestBlobUnknown, $"blob {blob.Digest} is not in repository {Name}");
            }

            if (size != blob.Size)
            {
                throw new RegistryGrainException(
                    RegistryErrorCode.ManifestInvalid, $"blob {blob.Digest} has {size} bytes, the manifest says {blob.Size}");
            }
        }

        foreach (var child in manifest.Children)
        {
            if (FindManifest(child) is null)
            {
                throw new RegistryGrainException(
                    RegistryErrorCode.ManifestUnknown, $"manifest {child} is not in repository {Name}", (int)HttpStatusCode.BadRequest);
            }
        }

        _shards[manifest.Digest].Manifests[manifest.Digest] = manifest;
        IndexReferrer(manifest);
        if (tag is null)
        {
            await SaveAsync(manifest.Digest);
            logger.LogInformation("Manifest {Digest} ({MediaType}, {Size} bytes) pushed to {Repository}", manifest.Digest, manifest.MediaType, manifest.Size, Name);
            return;
        }

        _shards[tag].Tags[tag] = manifest.Digest;
        _tags.Add(tag);
        // The manifest's shard first: a tag is never stored pointing at a manifest that is not.
        await SaveAsync(manifest.Digest, tag);
        logger.LogInformation("Manifest {Digest} ({MediaType}, {Size} bytes) pushed to {Repository} as {Tag}", manifest.Digest, manifest.MediaType, manifest.Size, Name, tag);
    }

    public async Task DeleteManifestAsync(string digest)
    {
        if (!_shards[digest].Manifests.Remove(digest, out var manifest))
        {
            throw new RegistryGrainException(RegistryErrorCode.ManifestUnknown, $"{Name}@{digest}");
        }

        var tags = _shards.All.SelectMany(shard => shard.Tags).Where(pair => pair.Value == digest).Select(pair => pair.Key).ToList();
        foreach (var tag in tags)
        {
            _shards[tag].Tags.Remove(tag);
            _tags.Remove(tag);
        }

        if (manifest.Subject is { } subject && _referrers.TryGetValue(subject, out var referrers))
        {
            referrers.Remove(digest);
        }

        // The tags' shards first, for the same reason as on a put.
        await SaveAsync([.. tags, digest]);
        logger.LogInformation("Manifest {Digest} deleted from {Repository} with its tags {Tags}", digest, Name, tags);
    }

    public async Task DeleteTagAsync(string tag)
    {
        if (!_shards[tag].Tags.Remove(tag))
        {
            throw new RegistryGrainException(RegistryErrorCode.ManifestUnknown, $"tag {tag} is not in repository {Name}");
        }

        _tags.Remove(tag);
        await SaveAsync(tag);
        logger.LogInformation("Tag {Tag} deleted from {Repository}", tag, Name);
    }

    public Task<Page?> ListTagsAsync(string? last, int limit) =>
        Task.FromResult(head.RecordExists ? SortedPaging.PageAfter(_tags, last, limit) : null);

    public Task<IReadOnlyList<ManifestRecord>> GetReferrersAsync(string subjectDigest, string? artifactType)
    {
        IReadOnlyList<ManifestRecord> result = _referrers.TryGetValue(subjectDigest, out var digests)
            ? digests.Select(d => _shards[d].Manifests[d])
                .Where(m => artifactType is null || m.ArtifactType == artifactType)
                .ToList()
            : [];
        return Task.FromResult(result);
    }

    private ManifestRecord? FindManifest(string digest) => _shards[digest].Manifests.GetValueOrDefault(digest);

    private void IndexReferrer(ManifestRecord manifest)
    {
        if (manifest.Subject is { } subject)
        {
            if (!_referrers.TryGetValue(subject, out var referrers))
            {
                _referrers[subject] = referrers = new SortedSet<string>(StringComparer.Ordinal);
            }

            referrers.Add(manifest.Digest);
        }
    }

    /// <summary>
    /// Persists the shards holding <paramref name="keys"/>, after the head on a repository's first write. Should a
    /// write fail, this activation's memory may be ahead of storage, so it goes and the next call reloads.
    /// </summary>
    private async Task SaveAsync(params string[] keys)
    {
        try
        {
            if (!head.State.Listed)
            {
                await GrainFactory.GetGrain<ICatalogGrain>(0).AddAsync(Name);
                head.State.Listed = true;
                await head.WriteStateAsync();
            }

            await _shards.WriteAsync(keys);
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>
    /// Moves a repository stored whole in its head (the layout before sharding) into its shards: the shards are
    /// written before the head is emptied, so a crash in between only repeats the move.
    /// </summary>
    private async Task MoveUnshardedEntriesAsync()
    {
        var unsharded = head.State;
        foreach (var (tag, digest) in unsharded.Tags)
        {
            _shards[tag].Tags[tag] = digest;
        }

        foreach (var (digest, manifest) in unsharded.Manifests)
        {
            _shards[digest].Manifests[digest] = manifest;
        }

        foreach (var (digest, size) in unsharded.Blobs)
        {
            _shards[digest].Blobs[digest] = size;
        }

        await _shards.WriteAsync([.. unsharded.Tags.Keys, .. unsharded.Manifests.Keys, .. unsharded.Blobs.Keys]);
        unsharded.Tags.Clear();
        unsharded.Manifests.Clear();
        unsharded.Blobs.Clear();
        await head.WriteStateAsync();
    }
}
