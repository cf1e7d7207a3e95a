using System.Net;
using Microsoft.Extensions.Logging;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Persistence;

namespace OrleansRegistry.Grains.Repositories;

internal sealed class RepositoryGrain(
    [PersistentState("repository", GrainStorageNames.Registry)] IPersistentState<RepositoryState> head,
    ILogger<RepositoryGrain> logger) : Grain, IRepositoryGrain
{
    private readonly SortedSet<string> _tags = new(LexicalOrder.Instance);
    /// <summary>Subject to the digests of the manifests that refer to it, in order.</summary>
    private readonly Dictionary<Digest, SortedSet<string>> _referrers = [];
    private ShardedState<RepositoryShard> _shards = null!;

    private RepositoryName Name { get; set; }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Name = RepositoryName.Parse(this.GetPrimaryKeyString());
        _shards = ShardedState<RepositoryShard>.Of(GrainContext, "repository");
        await _shards.ReadAsync();
        foreach (var shard in _shards.All)
        {
            _tags.UnionWith(shard.Tags.Keys);
            foreach (var manifest in shard.Manifests.Values)
            {
                IndexReferrer(manifest);
            }
        }
    }

    public Task<long?> GetBlobAsync(Digest digest) => Task.FromResult(LinkedSize(digest));

    public async Task LinkBlobAsync(Digest digest, long size)
    {
        if (LinkedSize(digest) == size)
        {
            return;
        }

        // The blob learns of the link first, so a collector never deletes a blob a repository links.
        await GrainFactory.Blob(digest).LinkAsync(Name, size);
        var key = digest.ToString();
        _shards[key].Blobs[key] = size;
        await SaveAsync(key);
    }

    public async Task<BlobLink?> MountAsync(Digest digest, RepositoryName? fromRepository)
    {
        var size = fromRepository switch
        {
            null => await GrainFactory.Blob(digest).GetSizeAsync(),
            // A call to this very grain would wait on itself.
            { } from when from == Name => LinkedSize(digest),
            { } from => await GrainFactory.Repository(from).GetBlobAsync(digest),
        };
        if (size is not { } found)
        {
            return null;
        }

        await LinkBlobAsync(digest, found);
        return new BlobLink(digest, found);
    }

    public async Task UnlinkBlobAsync(Digest digest)
    {
        var key = digest.ToString();
        if (!_shards[key].Blobs.Remove(key))
        {
            throw new RegistryGrainException(RegistryErrorCode.BlobUnknown, key);
        }

        await SaveAsync(key);
        await GrainFactory.Blob(digest).UnlinkAsync(Name);
        logger.LogInformation("Blob {Digest} deleted from {Repository}", digest, Name);
    }

    public Task<ManifestRecord> GetManifestAsync(ManifestReference reference)
    {
        var digest = reference.Digest?.ToString() ?? _shards[reference.Tag!.Value.Value].Tags.GetValueOrDefault(reference.Tag.Value.Value);
        return digest is not null && FindManifest(digest) is { } manifest
            ? Task.FromResult(manifest)
            : throw new RegistryGrainException(RegistryErrorCode.ManifestUnknown, $"{Name}:{reference}");
    }

    public async Task PutManifestAsync(ManifestRecord manifest, Tag? tag)
    {
        foreach (var blob in manifest.Blobs)
        {
            if (LinkedSize(blob.Digest) is not { } size)
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
            if (FindManifest(child.ToString()) is null)
            {
                throw new RegistryGrainException(
                    RegistryErrorCode.ManifestUnknown, $"manifest {child} is not in repository {Name}", (int)HttpStatusCode.BadRequest);
            }
        }

        var digest = manifest.Digest.ToString();
        _shards[digest].Manifests[digest] = manifest;
        IndexReferrer(manifest);
        if (tag is not { Value: var name })
        {
            await SaveAsync(digest);
            logger.LogInformation("Manifest {Digest} ({MediaType}, {Size} bytes) pushed to {Repository}", digest, manifest.MediaType, manifest.Size, Name);
            return;
        }

        _shards[name].Tags[name] = digest;
        _tags.Add(name);
        // The manifest's shard first: a tag is never stored pointing at a manifest that is not.
        await SaveAsync(digest, name);
        logger.LogInformation("Manifest {Digest} ({MediaType}, {Size} bytes) pushed to {Repository} as {Tag}", digest, manifest.MediaType, manifest.Size, Name, name);
    }

    public async Task DeleteManifestAsync(Digest digest)
    {
        var key = digest.ToString();
        if (!_shards[key].Manifests.Remove(key, out var manifest))
        {
            throw new RegistryGrainException(RegistryErrorCode.ManifestUnknown, $"{Name}@{digest}");
        }

        var tags = _shards.All.SelectMany(shard => shard.Tags).Where(pair => pair.Value == key).Select(pair => pair.Key).ToList();
        foreach (var tag in tags)
        {
            _shards[tag].Tags.Remove(tag);
            _tags.Remove(tag);
        }

        if (manifest.Subject is { } subject && _referrers.TryGetValue(subject, out var referrers))
        {
            referrers.Remove(key);
        }

        // The tags' shards first, for the same reason as on a put.
        await SaveAsync([.. tags, key]);
        logger.LogInformation("Manifest {Digest} deleted from {Repository} with its tags {Tags}", digest, Name, tags);
    }

    public async Task DeleteTagAsync(Tag tag)
    {
        if (!_shards[tag.Value].Tags.Remove(tag.Value))
        {
            throw new RegistryGrainException(RegistryErrorCode.ManifestUnknown, $"tag {tag} is not in repository {Name}");
        }

        _tags.Remove(tag.Value);
        await SaveAsync(tag.Value);
        logger.LogInformation("Tag {Tag} deleted from {Repository}", tag, Name);
    }

    public Task<Page<Tag>?> ListTagsAsync(string? last, int limit) =>
        Task.FromResult(head.RecordExists ? SortedPaging.PageAfter(_tags, last, limit, Tag.Parse) : null);

    public Task<IReadOnlyList<ManifestRecord>> GetReferrersAsync(Digest subject, string? artifactType)
    {
        IReadOnlyList<ManifestRecord> result = _referrers.TryGetValue(subject, out var digests)
            ? digests.Select(d => FindManifest(d)!)
                .Where(m => artifactType is null || m.ArtifactType == artifactType)
                .ToList()
            : [];
        return Task.FromResult(result);
    }

    private long? LinkedSize(Digest digest)
    {
        var key = digest.ToString();
        return _shards[key].Blobs.TryGetValue(key, out var size) ? size : null;
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

            referrers.Add(manifest.Digest.ToString());
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
                await GrainFactory.Catalog().AddAsync(Name);
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
}
