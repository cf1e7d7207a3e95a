using OrleansRegistry.Core.Digests;
using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Grains.Abstractions.PullThrough;

/// <summary>What an <see cref="IUpstreamFetchGrain"/> fetches, as its key.</summary>
public readonly record struct UpstreamFetchKey
{
    private UpstreamFetchKey(string value) => Value = value;

    public string Value { get; }

    /// <summary>A blob of an upstream: fetched once for every repository of that upstream that needs it.</summary>
    public static UpstreamFetchKey Blob(string upstream, Digest digest) => new($"blob|{upstream}|{digest}");

    /// <summary>A manifest by digest, into the local repository that caches it.</summary>
    public static UpstreamFetchKey Manifest(RepositoryName local, Digest digest) => new($"manifest|{local}@{digest}");

    /// <summary>Where a tag of a cached repository points upstream, and how long that stays fresh.</summary>
    public static UpstreamFetchKey Tag(RepositoryName local, Tag tag) => new($"tag|{local}:{tag}");

    /// <summary>A token of an upstream for one scope.</summary>
    public static UpstreamFetchKey Token(string upstream, string scope) => new($"token|{upstream}|{scope}");

    public override string ToString() => Value;
}
