namespace OrleansRegistry.Upstream;

/// <summary>Section <c>Registry:PullThrough</c>: the upstream registries this registry caches, none by default.</summary>
public sealed class PullThroughOptions
{
    public const string Section = "Registry:PullThrough";

    public List<UpstreamOptions> Upstreams { get; set; } = [];

    /// <summary>
    /// How the other gateways of a cluster reach this one's HTTP port (<c>http://10.1.2.3:5000</c>): a blob this
    /// gateway fetches is streamed to their requests from here while it comes. Unset, their requests wait for the
    /// fetch and read storage.
    /// </summary>
    public Uri? PeerUrl { get; set; }
}
