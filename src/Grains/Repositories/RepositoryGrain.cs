using System.Net;
using OrleansRegistry.Core.Errors;

namespace OrleansRegistry.Grains.Repositories;

internal sealed class RepositoryGrain(
    [PersistentState("repository", GrainStorageNames.Registry)] IPersistentState<RepositoryState> state) : Grain, IRepositoryGrain
{
    private readonly SortedSet<string> _tags = new(LexicalOrder.Instance);
    private readonly Dictionary<string, SortedSet<string>> _referrers = new(StringComparer.Ordinal);

    private string Name => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _tags.UnionWith(state.State.Tags.Keys);
        foreach (var manifest in state.State.Manifests.Values)
        {
            IndexReferrer(manifest);
        }

        return Task.CompletedTask;
    }

    public Task<long?> GetBlobAsync(string digest) =>
        Task.FromResult(state.State.Blobs.TryGetValue(digest, out var size) ? size : (long?)null);

    public async Task LinkBlobAsync(string digest, long size)
    {
        if (state.State.Blobs.TryGetValue(digest, out var linked) && linked == size)
        {
            return;
        }

        // The blob learns of the link first, so a collector never deletes a blob a repository links.
        await GrainFactory.GetGrain<IBlobGrain>(digest).AddLinkAsync(Name);
        state.State.Blobs[digest] = size;
        await SaveAsync();
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
        if (!state.State.Blobs.Remove(digest))
        {
            throw new RegistryGrainException(RegistryErrorCode.BlobUnknown, digest);
        }

        await SaveAsync();
        await GrainFactory.GetGrain<IBlobGrain>(digest).RemoveLinkAsync(Name);
    }

    public Task<ManifestRecord> GetManifestAsync(string reference)
    {
        var digest = reference.Contains(':') ? reference : state.State.Tags.GetValueOrDefault(reference);
        return digest is not null && state.State.Manifests.TryGetValue(digest, out var manifest)
            ? Task.FromResult(manifest)
            : throw new RegistryGrainException(RegistryErrorCode.ManifestUnknown, $"{Name}:{reference}");
    }

    public async Task PutManifestAsync(ManifestRecord manifest, string? tag)
    {
        foreach (var blob in manifest.Blobs)
        {
            if (!state.State.Blobs.TryGetValue(blob.Digest, out var size))
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
            if (!state.State.Manifests.ContainsKey(child))
            {
                throw new RegistryGrainException(
                    RegistryErrorCode.ManifestUnknown, $"manifest {child} is not in repository {Name}", (int)HttpStatusCode.BadRequest);
            }
        }

        state.State.Manifests[manifest.Digest] = manifest;
        IndexReferrer(manifest);
        if (tag is not null)
        {
            state.State.Tags[tag] = manifest.Digest;
            _tags.Add(tag);
        }

        await SaveAsync();
    }

    public async Task DeleteManifestAsync(string digest)
    {
        if (!state.State.Manifests.Remove(digest, out var manifest))
        {
            throw new RegistryGrainException(RegistryErrorCode.ManifestUnknown, $"{Name}@{digest}");
        }

        foreach (var tag in state.State.Tags.Where(pair => pair.Value == digest).Select(pair => pair.Key).ToList())
        {
            state.State.Tags.Remove(tag);
            _tags.Remove(tag);
        }

        if (manifest.Subject is { } subject && _referrers.TryGetValue(subject, out var referrers))
        {
            referrers.Remove(digest);
        }

        await SaveAsync();
    }

    public async Task DeleteTagAsync(string tag)
    {
        if (!state.State.Tags.Remove(tag))
        {
            throw new RegistryGrainException(RegistryErrorCode.ManifestUnknown, $"tag {tag} is not in repository {Name}");
        }

        _tags.Remove(tag);
        await SaveAsync();
    }

    public Task<Page?> ListTagsAsync(string? last, int limit) =>
        Task.FromResult(state.RecordExists ? SortedPaging.PageAfter(_tags, last, limit) : null);

    public Task<IReadOnlyList<ManifestRecord>> GetReferrersAsync(string subjectDigest, string? artifactType)
    {
        IReadOnlyList<ManifestRecord> result = _referrers.TryGetValue(subjectDigest, out var digests)
            ? digests.Select(d => state.State.Manifests[d])
                .Where(m => artifactType is null || m.ArtifactType == artifactType)
                .ToList()
            : [];
        return Task.FromResult(result);
    }

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

    private async Task SaveAsync()
    {
        if (!state.State.Listed)
        {
            await GrainFactory.GetGrain<ICatalogGrain>(0).AddAsync(Name);
            state.State.Listed = true;
        }

        await state.WriteStateAsync();
    }
}
