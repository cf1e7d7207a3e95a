using Microsoft.Extensions.Logging;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Persistence;
using OrleansRegistry.Grains.Persistence.Legacy;
using OrleansRegistry.Metadata;

namespace OrleansRegistry.Grains.Repositories;

/// <summary>
/// A repository's single writer. Its state is entries in the metadata store (<see cref="RepositoryEntries"/>), read
/// by key and written in small atomic batches, so no call costs more as the repository grows and the grain holds
/// nothing per tag in memory: a repository of a million tags costs what one of ten does.
/// </summary>
internal sealed class RepositoryGrain(IEntryStore store, ILogger<RepositoryGrain> logger) : Grain, IRepositoryGrain
{
    private GrainEntries _entries = null!;

    /// <summary>Whether the catalog lists this repository: it does from the repository's first change on.</summary>
    private bool _listed;

    private RepositoryName Name { get; set; }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Name = RepositoryName.Parse(this.GetPrimaryKeyString());
        _entries = new GrainEntries(store, EntryOwners.Repository(Name), GrainContext);
        await _entries.OpenAsync();
        if (!_entries.InLayout)
        {
            await LegacyRepositoryMove.MoveAsync(_entries, GrainContext);
        }

        _listed = await _entries.GetAsync(RepositoryEntries.Meta, RepositoryEntries.ListedKey) is not null;
    }

    public async Task<long?> GetBlobAsync(Digest digest) => RepositoryEntries.SizeOf(await _entries.GetAsync(RepositoryEntries.Blobs, digest.ToString()));

    public async Task LinkBlobAsync(Digest digest, long size)
    {
        if (await GetBlobAsync(digest) == size)
        {
            return;
        }

        // The blob learns of the link first, so a collector never deletes a blob a repository links.
        await GrainFactory.Blob(digest).LinkAsync(Name, size);
        await WriteAsync([RepositoryEntries.PutBlob(digest, size)]);
    }

    public async Task<BlobLink?> MountAsync(Digest digest, RepositoryName? fromRepository)
    {
        var size = fromRepository switch
        {
            null => await GrainFactory.Blob(digest).GetSizeAsync(),
            // A call to this very grain would wait on itself.
            { } from when from == Name => await GetBlobAsync(digest),
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
        if (await GetBlobAsync(digest) is null)
        {
            throw new RegistryGrainException(RegistryErrorCode.BlobUnknown, digest.ToString());
        }

        await WriteAsync([RepositoryEntries.DeleteBlob(digest)]);
        await GrainFactory.Blob(digest).UnlinkAsync(Name);
        logger.LogInformation("Blob {Digest} deleted from {Repository}", digest, Name);
    }

    public async Task<ManifestRecord> GetManifestAsync(ManifestReference reference)
    {
        var digest = reference.Digest ?? await TaggedAsync(reference.Tag!.Value);
        return digest is { } found && await FindManifestAsync(found) is { } manifest
            ? manifest
            : throw new RegistryGrainException(RegistryErrorCode.ManifestUnknown, $"{Name}:{reference}");
    }

    public async Task PutManifestAsync(ManifestRecord manifest, IReadOnlyList<Tag> tags)
    {
        await RequireReferencesAsync(manifest);
        await RecordManifestAsync(manifest, tags, "pushed to");
    }

    public Task CacheManifestAsync(ManifestRecord manifest, IReadOnlyList<Tag> tags) => RecordManifestAsync(manifest, tags, "cached in");

    /// <summary>A push must bring everything its manifest references first; Distribution checks the same.</summary>
    private async Task RequireReferencesAsync(ManifestRecord manifest)
    {
        var sizes = await _entries.GetManyAsync(RepositoryEntries.Blobs, manifest.Blobs.Select(blob => blob.Digest.ToString()).ToList());
        for (var i = 0; i < manifest.Blobs.Count; i++)
        {
            var blob = manifest.Blobs[i];
            if (RepositoryEntries.SizeOf(sizes[i]) is not { } size)
            {
                throw new RegistryGrainException(RegistryErrorCode.ManifestBlobUnknown, $"blob {blob.Digest} is not in repository {Name}");
            }

            if (size != blob.Size)
            {
                throw new RegistryGrainException(
                    RegistryErrorCode.ManifestInvalid, $"blob {blob.Digest} has {size} bytes, the manifest says {blob.Size}");
            }
        }

        var children = await _entries.GetManyAsync(RepositoryEntries.Manifests, manifest.Children.Select(child => child.ToString()).ToList());
        for (var i = 0; i < manifest.Children.Count; i++)
        {
            if (children[i] is null)
            {
                // Distribution's answer for any reference the repository lacks, with the digest alone as detail:
                // clients read it from there.
                throw new RegistryGrainException(RegistryErrorCode.ManifestBlobUnknown, manifest.Children[i].ToString());
            }
        }
    }

    private async Task RecordManifestAsync(ManifestRecord manifest, IReadOnlyList<Tag> tags, string how)
    {
        // One batch: the manifest and all its tags, so a tag is never stored pointing at a manifest that is not.
        var changes = RepositoryEntries.PutManifest(manifest).ToList();
        foreach (var name in tags.Distinct())
        {
            if (await TaggedAsync(name) is { } previous && previous != manifest.Digest)
            {
                changes.AddRange(RepositoryEntries.DeleteTag(name, previous));
            }

            changes.AddRange(RepositoryEntries.PutTag(name, manifest.Digest));
        }

        await WriteAsync(changes);
        logger.LogInformation(
            "Manifest {Digest} ({MediaType}, {Size} bytes) {How} {Repository}{As}",
            manifest.Digest, manifest.MediaType, manifest.Size, how, Name, tags.Count == 0 ? "" : " as " + string.Join(", ", tags));
    }

    public async Task DeleteManifestAsync(Digest digest)
    {
        var manifest = await FindManifestAsync(digest) ?? throw new RegistryGrainException(RegistryErrorCode.ManifestUnknown, $"{Name}@{digest}");
        var tags = new List<Tag>();
        await foreach (var tag in _entries.ListAllAsync(RepositoryEntries.TagsOf(digest)))
        {
            tags.Add(Tag.Parse(tag));
        }

        // One batch: the manifest goes with every tag that points at it.
        await WriteAsync([.. RepositoryEntries.DeleteManifest(manifest), .. tags.SelectMany(tag => RepositoryEntries.DeleteTag(tag, digest))]);
        logger.LogInformation("Manifest {Digest} deleted from {Repository} with its tags {Tags}", digest, Name, tags);
    }

    public async Task DeleteTagAsync(Tag tag)
    {
        var digest = await TaggedAsync(tag) ?? throw new RegistryGrainException(RegistryErrorCode.ManifestUnknown, $"tag {tag} is not in repository {Name}");
        await WriteAsync([.. RepositoryEntries.DeleteTag(tag, digest)]);
        logger.LogInformation("Tag {Tag} deleted from {Repository}", tag, Name);
    }

    public async Task<Page<Tag>?> ListTagsAsync(string? last, int limit)
    {
        if (!_listed)
        {
            return null;
        }

        var page = await _entries.ListAsync(RepositoryEntries.Tags, last, limit);
        return new Page<Tag>(page.Keys.Select(Tag.Parse).ToList(), page.HasMore);
    }

    public async Task<IReadOnlyList<ManifestRecord>> GetReferrersAsync(Digest subject, string? artifactType)
    {
        var digests = new List<string>();
        await foreach (var digest in _entries.ListAllAsync(RepositoryEntries.ReferrersOf(subject)))
        {
            digests.Add(digest);
        }

        var referrers = await _entries.GetManyAsync(RepositoryEntries.Manifests, digests);
        return referrers.Select(RepositoryEntries.ManifestOf)
            .OfType<ManifestRecord>()
            .Where(manifest => artifactType is null || manifest.ArtifactType == artifactType)
            .ToList();
    }

    private async Task<Digest?> TaggedAsync(Tag tag) =>
        await _entries.GetAsync(RepositoryEntries.Tags, tag.Value) is { } digest ? Digest.Parse(digest) : null;

    private async Task<ManifestRecord?> FindManifestAsync(Digest digest) =>
        RepositoryEntries.ManifestOf(await _entries.GetAsync(RepositoryEntries.Manifests, digest.ToString()));

    /// <summary>Writes a batch; the repository's first one also puts it in the catalog, before anything of it is visible.</summary>
    private async Task WriteAsync(List<EntryChange> changes)
    {
        if (!_listed)
        {
            await GrainFactory.Catalog().AddAsync(Name);
            changes.Add(RepositoryEntries.Listed());
        }

        await _entries.WriteAsync(changes);
        _listed = true;
    }
}
