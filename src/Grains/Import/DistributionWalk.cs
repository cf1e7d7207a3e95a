using System.Runtime.CompilerServices;
using OrleansRegistry.Core.Digests;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Grains.Import;

/// <summary>Walks a Distribution tree (<see cref="DistributionTree"/>) through the storage driver, listing as it goes.</summary>
internal sealed class DistributionWalk(IStorageTree tree)
{
    /// <summary>
    /// Every repository's name: each directory under the root that has <c>_manifests</c> or <c>_layers</c> (a push
    /// that never got to its manifest). As Distribution's catalog does, it goes on into the other children, where
    /// further repositories may lie, and never into one whose name starts with an underscore.
    /// </summary>
    public async IAsyncEnumerable<string> RepositoriesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pending = new Stack<string>();
        pending.Push("");
        while (pending.TryPop(out var name))
        {
            var isRepository = false;
            var prefix = name.Length == 0 ? DistributionTree.RepositoriesRoot : DistributionTree.RepositoryPath(name);
            await foreach (var child in tree.ListChildrenAsync(prefix, cancellationToken))
            {
                if (child is DistributionTree.ManifestsDirectory or DistributionTree.LayersDirectory)
                {
                    isRepository = true;
                }
                else if (child.Length > 0 && !child.StartsWith('_') && child is not ("." or ".."))
                {
                    pending.Push(name.Length == 0 ? child : $"{name}/{child}");
                }
            }

            if (isRepository)
            {
                yield return name;
            }
        }
    }

    /// <summary>
    /// The links of a directory laid out <c>&lt;algorithm&gt;/&lt;hex&gt;/link</c>. A directory without its link
    /// is what Distribution leaves of a deleted one, and is passed over; a link that names another digest than its
    /// path, or none, is reported.
    /// </summary>
    public async IAsyncEnumerable<DistributionLink> LinksAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var algorithm in tree.ListChildrenAsync(directory, cancellationToken))
        {
            await foreach (var encoded in tree.ListChildrenAsync($"{directory}/{algorithm}", cancellationToken))
            {
                var name = $"{algorithm}:{encoded}";
                if (!Digest.TryParse(name, out var expected))
                {
                    yield return new DistributionLink(name, null, "not a digest of a supported algorithm");
                    continue;
                }

                var (digest, problem) = await ReadLinkAsync(DistributionTree.LinkPath(directory, algorithm, encoded), cancellationToken);
                if (problem is null && digest is null)
                {
                    continue;
                }

                yield return digest is { } found && found != expected
                    ? new DistributionLink(name, null, $"its link names {found}")
                    : new DistributionLink(name, digest, problem);
            }
        }
    }

    /// <summary>The tags of a repository, each by its name as the tree spells it, with the manifest it points at.</summary>
    public async IAsyncEnumerable<DistributionLink> TagsAsync(string repository, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var tag in tree.ListChildrenAsync(DistributionTree.TagsPath(repository), cancellationToken))
        {
            var (digest, problem) = await ReadLinkAsync(DistributionTree.TagLinkPath(repository, tag), cancellationToken);
            yield return new DistributionLink(tag, digest, digest is null ? problem ?? "it has no current link" : null);
        }
    }

    /// <summary>The digest a link file names; neither where there is no file; a problem where it names none.</summary>
    private async Task<(Digest? Digest, string? Problem)> ReadLinkAsync(string key, CancellationToken cancellationToken)
    {
        byte[]? content;
        try
        {
            content = await tree.ReadSmallAsync(key, DistributionTree.MaxLinkLength, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            return (null, e.Message);
        }

        if (content is null)
        {
            return (null, null);
        }

        return DistributionTree.TryParseLink(content, out var digest) ? (digest, null) : (null, $"{key} holds no digest");
    }
}
