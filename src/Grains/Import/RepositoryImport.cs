using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Manifests;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Abstractions.Import;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Grains.Import;

/// <summary>
/// Imports one repository of a Distribution tree through its repository grain, in the order a push goes: its blobs
/// linked, then each manifest (what it lists and refers to first) with the tags that point at it. Nothing becomes
/// visible unverified: a blob's bytes are hashed (<see cref="BlobVerifier"/>), a manifest's bytes must have its
/// digest and parse, and the repository grain checks its references as for a push. What is already there (an
/// earlier run, a push since) is counted and left as it is; a tag that points elsewhere here is never moved.
/// </summary>
internal sealed class RepositoryImport(ImportRun run, RepositoryName repository)
{
    /// <summary>The manifest size the spec has registries accept, and the API's default limit for a push.</summary>
    private const int MaxManifestBytes = 4 * 1024 * 1024;

    private readonly IRepositoryGrain _grain = run.Grains.Repository(repository);

    /// <summary>Blobs linked to the repository (or, in a dry run, that would be), with their sizes.</summary>
    private readonly Dictionary<Digest, long> _blobs = [];

    private readonly Dictionary<Digest, List<Tag>> _tags = [];

    private readonly HashSet<Digest> _revisions = [];

    /// <summary>Manifests gone through: true where the repository has it (or, in a dry run, would), false where left out.</summary>
    private readonly Dictionary<Digest, bool> _manifests = [];

    private string Name => repository.Value;

    public async Task ImportAsync(CancellationToken cancellationToken)
    {
        await LinkBlobsAsync(cancellationToken);
        await foreach (var link in run.Walk.TagsAsync(Name, cancellationToken))
        {
            if (!Tag.TryParse(link.Name, out var tag))
            {
                run.Skip(Name, $"tag {link.Name}", "not a valid tag");
            }
            else if (link.Digest is not { } digest)
            {
                run.Skip(Name, $"tag {tag}", link.Problem!);
            }
            else
            {
                (_tags.TryGetValue(digest, out var tags) ? tags : _tags[digest] = []).Add(tag);
            }
        }

        await foreach (var link in run.Walk.LinksAsync(DistributionTree.RevisionsPath(Name), cancellationToken))
        {
            if (link.Digest is { } digest)
            {
                _revisions.Add(digest);
            }
            else
            {
                run.Skip(Name, $"manifest {link.Name}", link.Problem!);
            }
        }

        foreach (var digest in _revisions)
        {
            await ImportManifestAsync(digest, cancellationToken);
        }

        foreach (var (digest, tags) in _tags.Where(pair => !_manifests.ContainsKey(pair.Key)))
        {
            foreach (var tag in tags)
            {
                run.Skip(Name, $"tag {tag}", $"it points at {digest}, which is no manifest of the repository");
            }
        }
    }

    private async Task LinkBlobsAsync(CancellationToken cancellationToken)
    {
        await foreach (var link in run.Walk.LinksAsync(DistributionTree.LayersPath(Name), cancellationToken))
        {
            if (link.Digest is not { } digest)
            {
                run.Skip(Name, $"blob {link.Name}", link.Problem!);
                continue;
            }

            if (await _grain.GetBlobAsync(digest) is { } linked)
            {
                _blobs[digest] = linked;
                run.Count(ImportTally.None with { BlobsPresent = 1 });
                continue;
            }

            var stored = await run.Verifier.CheckAsync(digest, cancellationToken);
            if (stored.Size is not { } size)
            {
                run.Skip(Name, $"blob {digest}", stored.Problem!);
                continue;
            }

            if (!run.DryRun)
            {
                // The repository tells the blob grain first, as for a push: the collector never deletes it from now on.
                await _grain.LinkBlobAsync(digest, size);
            }

            _blobs[digest] = size;
            run.Count(ImportTally.None with { BlobsLinked = 1 });
        }
    }

    /// <returns>Whether the repository has the manifest now (or, in a dry run, would).</returns>
    private async Task<bool> ImportManifestAsync(Digest digest, CancellationToken cancellationToken)
    {
        if (_manifests.TryGetValue(digest, out var done))
        {
            return done;
        }

        // Content addressing rules out cycles; the mark keeps a damaged tree from recursing all the same.
        _manifests[digest] = false;
        var imported = await ImportManifestCoreAsync(digest, cancellationToken);
        _manifests[digest] = imported;
        return imported;
    }

    private async Task<bool> ImportManifestCoreAsync(Digest digest, CancellationToken cancellationToken)
    {
        var tags = _tags.GetValueOrDefault(digest) ?? [];
        var record = await FindManifestAsync(digest);
        var present = record is not null;
        if (record is null)
        {
            var (parsed, problem) = await ReadManifestAsync(digest, cancellationToken);
            if (parsed is null)
            {
                return LeaveOut(digest, tags, problem!);
            }

            record = ManifestRecords.Of(parsed);
            if (await MissingReferenceAsync(record, cancellationToken) is { } missing)
            {
                return LeaveOut(digest, tags, missing);
            }
        }
        else
        {
            run.Count(ImportTally.None with { ManifestsPresent = 1 });
        }

        var newTags = new List<Tag>();
        foreach (var tag in tags)
        {
            var current = await TaggedAsync(tag);
            if (current == digest)
            {
                run.Count(ImportTally.None with { TagsPresent = 1 });
            }
            else if (current is { } other)
            {
                // Pushed here, or moved in the tree since an earlier import: either way what the registry serves wins.
                run.Skip(Name, $"tag {tag}", $"it points at {other} here, which is left as it is");
            }
            else
            {
                newTags.Add(tag);
            }
        }

        if (present && newTags.Count == 0)
        {
            return true;
        }

        if (!run.DryRun)
        {
            try
            {
                await _grain.PutManifestAsync(record, newTags);
            }
            catch (RegistryGrainException e)
            {
                return LeaveOut(digest, newTags, e.Message);
            }
        }

        run.Count(ImportTally.None with { ManifestsImported = present ? 0 : 1, TagsImported = newTags.Count });
        return true;
    }

    /// <summary>
    /// What of the manifest's references the repository lacks, as the repository grain would refuse it, found first
    /// so that a dry run counts the same. A child manifest and a subject are imported first where the tree has them:
    /// an index needs its children, and a referrer whose subject is there is reachable through it.
    /// </summary>
    private async Task<string?> MissingReferenceAsync(ManifestRecord record, CancellationToken cancellationToken)
    {
        foreach (var child in record.Children)
        {
            if (_revisions.Contains(child) ? !await ImportManifestAsync(child, cancellationToken) : await FindManifestAsync(child) is null)
            {
                return $"it lists manifest {child}, which {(_revisions.Contains(child) ? "was left out" : "is not in the repository")}";
            }
        }

        if (record.Subject is { } subject && _revisions.Contains(subject))
        {
            await ImportManifestAsync(subject, cancellationToken);
        }

        foreach (var blob in record.Blobs)
        {
            var size = _blobs.TryGetValue(blob.Digest, out var linked) ? linked : await _grain.GetBlobAsync(blob.Digest);
            if (size is null)
            {
                return $"it references blob {blob.Digest}, which is not linked to the repository";
            }

            if (size != blob.Size)
            {
                return $"it says blob {blob.Digest} has {blob.Size} bytes; storage holds {size}";
            }
        }

        return null;
    }

    /// <summary>The manifest's bytes from storage, verified against its digest and parsed as a push's would be.</summary>
    private async Task<(ParsedManifest? Manifest, string? Problem)> ReadManifestAsync(Digest digest, CancellationToken cancellationToken)
    {
        byte[] content;
        try
        {
            var size = await run.Blobs.GetBlobSizeAsync(digest, cancellationToken);
            if (size is null)
            {
                return (null, "its bytes are not in storage");
            }

            if (size > MaxManifestBytes)
            {
                return (null, $"it has {size} bytes, more than the {MaxManifestBytes} a manifest may have");
            }

            content = new byte[size.Value];
            await using var stream = await run.Blobs.OpenBlobAsync(digest, 0, size, cancellationToken);
            await stream.ReadExactlyAsync(content, cancellationToken);
        }
        catch (Exception e) when (e is BlobNotFoundException or EndOfStreamException)
        {
            return (null, "its bytes are not in storage");
        }

        var actual = Digest.Compute(digest.Algorithm, content);
        if (actual != digest)
        {
            return (null, $"its bytes have the digest {actual}");
        }

        try
        {
            // Distribution stores no media type beside the bytes: the body's own, else its shape, decides, as there.
            return (ManifestParser.Parse(content, contentType: null, digest.Algorithm), null);
        }
        catch (RegistryException e)
        {
            return (null, e.Message);
        }
    }

    private bool LeaveOut(Digest digest, IReadOnlyList<Tag> tags, string reason)
    {
        run.Skip(Name, $"manifest {digest}", reason);
        foreach (var tag in tags)
        {
            run.Skip(Name, $"tag {tag}", $"its manifest {digest} was left out");
        }

        return false;
    }

    private async Task<ManifestRecord?> FindManifestAsync(Digest digest)
    {
        try
        {
            return await _grain.GetManifestAsync(ManifestReference.ForDigest(digest));
        }
        catch (RegistryGrainException e) when (e.Error == RegistryErrorCode.ManifestUnknown)
        {
            return null;
        }
    }

    private async Task<Digest?> TaggedAsync(Tag tag)
    {
        try
        {
            return (await _grain.GetManifestAsync(ManifestReference.ForTag(tag))).Digest;
        }
        catch (RegistryGrainException e) when (e.Error == RegistryErrorCode.ManifestUnknown)
        {
            return null;
        }
    }
}
