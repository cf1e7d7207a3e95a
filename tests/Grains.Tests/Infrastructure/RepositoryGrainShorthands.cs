using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;

namespace OrleansRegistry.Grains.Tests.Infrastructure;

/// <summary>Tags and references as tests write them, parsed as the gateway parses them at the edge.</summary>
internal static class RepositoryGrainShorthands
{
    public static Task<ManifestRecord> GetManifestAsync(this IRepositoryGrain repository, string reference) =>
        repository.GetManifestAsync(ManifestReference.Parse(reference));

    public static Task<ManifestRecord> GetManifestAsync(this IRepositoryGrain repository, Digest digest) =>
        repository.GetManifestAsync(ManifestReference.ForDigest(digest));

    public static Task PutManifestAsync(this IRepositoryGrain repository, ManifestRecord manifest, params string[] tags) =>
        repository.PutManifestAsync(manifest, [.. tags.Select(Tag.Parse)]);

    public static Task DeleteTagAsync(this IRepositoryGrain repository, string tag) => repository.DeleteTagAsync(Tag.Parse(tag));
}
