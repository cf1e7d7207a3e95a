namespace OrleansRegistry.Storage;

/// <summary>The storage drivers, the values of <c>Registry:Storage:Kind</c>.</summary>
public enum StorageKind
{
    /// <summary>A local directory (the embedded default), or a volume every process of a cluster shares.</summary>
    FileSystem,

    /// <summary>An S3 bucket on AWS, MinIO, Ceph RGW or any S3 server.</summary>
    S3,
}
