using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Repositories;
using OrleansRegistry.Metadata;

namespace OrleansRegistry.Grains.Persistence.Legacy;

/// <summary>
/// A repository written before the references indexes existed: indexes what each of its manifests references, links
/// each manifest's bytes in its blob grain (so the collector knows they are in use), and finds what is a candidate
/// already. Until all of it is written the repository is not marked indexed, so an interrupted run is done again.
/// </summary>
internal static class LegacyReferences
{
    private const int BatchSize = 500;

    /// <returns>The candidates found, for the repository to write with its marker.</returns>
    public static async Task<List<EntryChange>> IndexAsync(GrainEntries entries, IGrainFactory grains, RepositoryName name, DateTimeOffset now)
    {
        var batch = new List<EntryChange>();
        string? after = null;
        while (true)
        {
            var page = await entries.ListAsync(RepositoryEntries.Manifests, after, BatchSize);
            var manifests = await entries.GetManyAsync(RepositoryEntries.Manifests, page.Keys);
            foreach (var manifest in manifests.Select(RepositoryEntries.ManifestOf).OfType<ManifestRecord>())
            {
                await grains.Blob(manifest.Digest).LinkManifestAsync(name, manifest.Size);
                batch.AddRange(RepositoryEntries.ReferencedBy(manifest)
                    .Select(referenced => EntryChange.Put(RepositoryEntries.ReferencesOf(referenced), manifest.Digest.ToString(), "")));
            }

            if (batch.Count > 0)
            {
                await entries.WriteAsync(batch);
                batch.Clear();
            }

            if (!page.HasMore || page.Keys.Count == 0)
            {
                break;
            }

            after = page.Keys[^1];
        }

        var candidates = new List<EntryChange>();
        await foreach (var blob in entries.ListAllAsync(RepositoryEntries.Blobs))
        {
            var digest = Digest.Parse(blob);
            if (!await entries.AnyAsync(RepositoryEntries.ReferencesOf(digest)))
            {
                candidates.Add(RepositoryEntries.PutCandidate(RepositoryEntries.Unreferenced, digest, now));
            }
        }

        await foreach (var manifest in entries.ListAllAsync(RepositoryEntries.Manifests))
        {
            var digest = Digest.Parse(manifest);
            if (!await entries.AnyAsync(RepositoryEntries.TagsOf(digest)) && !await entries.AnyAsync(RepositoryEntries.ReferencesOf(digest)))
            {
                candidates.Add(RepositoryEntries.PutCandidate(RepositoryEntries.Untagged, digest, now));
            }
        }

        return candidates;
    }
}
