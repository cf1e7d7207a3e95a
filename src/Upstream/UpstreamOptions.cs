namespace OrleansRegistry.Upstream;

/// <summary>One upstream registry: <c>Registry:PullThrough:Upstreams:N</c>.</summary>
public sealed class UpstreamOptions
{
    /// <summary>What logs and metrics call it, e.g. <c>dockerhub</c>.</summary>
    public string? Name { get; set; }

    /// <summary>The registry's API root, e.g. <c>https://registry-1.docker.io</c>.</summary>
    public string? Url { get; set; }

    /// <summary>
    /// The local namespace that holds its cache: <c>dockerhub</c> serves <c>dockerhub/library/alpine</c> from the
    /// upstream's <c>library/alpine</c>. Every form of request for the upstream is cached under it.
    /// </summary>
    public string? Prefix { get; set; }

    /// <summary>
    /// The registry host clients name it by, which containerd sends as <c>?ns=</c> to a mirror; by default the URL's
    /// host (and port), <c>docker.io</c> for Docker Hub.
    /// </summary>
    public string? Namespace { get; set; }

    /// <summary>
    /// Where a name of a single component is looked up upstream: <c>dockerhub/alpine</c> is <c>library/alpine</c>
    /// on Docker Hub, which is the default there; elsewhere none.
    /// </summary>
    public string? SingleComponentNamespace { get; set; }

    /// <summary>
    /// This upstream answers the Docker daemon's <c>registry-mirrors</c>: names no prefix claims (<c>library/alpine</c>)
    /// are this upstream's. At most one upstream may.
    /// </summary>
    public bool RegistryMirror { get; set; }

    /// <summary>User name for Basic credentials, at the registry or at its token server.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>A file holding the password (a mounted secret); read at start.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>A bearer token sent as is, for registries that take a long-lived token; exclusive of a user.</summary>
    public string? Token { get; set; }

    /// <summary>A file holding that token; read at start.</summary>
    public string? TokenFile { get; set; }

    /// <summary>How long a tag is served from the cache before one HEAD upstream revalidates it.</summary>
    public TimeSpan ManifestTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long the upstream may take to answer a request's headers, or to send the next bytes of a body.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
