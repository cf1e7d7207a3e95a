namespace OrleansRegistry.Api.Http;

public static class RegistryHeaders
{
    public const string ApiVersion = "Docker-Distribution-API-Version";
    public const string ContentDigest = "Docker-Content-Digest";
    public const string UploadUuid = "Docker-Upload-UUID";
    public const string ChunkMinLength = "OCI-Chunk-Min-Length";
    public const string Subject = "OCI-Subject";
    public const string Tag = "OCI-Tag";
    public const string FiltersApplied = "OCI-Filters-Applied";

    /// <summary>The <c>ns</c> a proxied pull was routed by (the spec's main branch, for proxies).</summary>
    public const string Namespace = "OCI-Namespace";
}
