namespace OrleansRegistry.Upstream;

/// <summary>Section <c>Registry:PullThrough</c>: the upstream registries this registry caches, none by default.</summary>
public sealed class PullThroughOptions
{
    public const string Section = "Registry:PullThrough";

    public List<UpstreamOptions> Upstreams { get; set; } = [];
}
