namespace OrleansRegistry.Api.Hosting;

/// <summary>Section <c>Registry:Api</c>: how the HTTP API behaves.</summary>
public sealed class ApiOptions
{
    public const string Section = "Registry:Api";

    /// <summary>Whether manifests, tags and blobs may be deleted; when false, deletes answer 405 UNSUPPORTED.</summary>
    public bool DeleteEnabled { get; set; } = true;

    /// <summary>The largest manifest accepted, in bytes; the spec asks for at least 4 MiB.</summary>
    public int MaxManifestBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The most entries one page of <c>tags/list</c> or <c>_catalog</c> returns when the client asks with <c>n</c>.</summary>
    public int MaxPageSize { get; set; } = 10_000;

    /// <summary>Memory for manifests kept by digest in each gateway (they never change), in bytes.</summary>
    public long ManifestCacheBytes { get; set; } = 64 * 1024 * 1024;
}
