namespace OrleansRegistry.Storage.S3;

/// <summary>Section <c>Registry:Storage:S3</c>: an S3 bucket on AWS, MinIO, Ceph RGW or any S3 server.</summary>
public sealed class S3StorageOptions
{
    public const string Section = "Registry:Storage:S3";

    /// <summary>The endpoint of a non-AWS server (e.g. <c>http://minio:9000</c>); empty for AWS itself.</summary>
    public string? ServiceUrl { get; set; }

    public string Region { get; set; } = "us-east-1";

    public string Bucket { get; set; } = "registry";

    /// <summary>Credentials; when empty, the AWS SDK's default chain (AWS_ACCESS_KEY_ID, profiles, roles) applies.</summary>
    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Path-style addressing (<c>endpoint/bucket/key</c>), which MinIO and Ceph need.</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>The size of the multipart parts an upload is cut into; S3 requires at least 5 MiB.</summary>
    public int PartSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Whether blob GETs answer 307 with a presigned URL, so clients download from S3 directly rather than through
    /// a gateway. Clients must be able to reach <see cref="ServiceUrl"/>.
    /// </summary>
    public bool RedirectDownloads { get; set; }

    /// <summary>How long a presigned download URL stays valid.</summary>
    public TimeSpan RedirectExpiry { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Whether to create the bucket at start when it does not exist.</summary>
    public bool CreateBucket { get; set; } = true;
}
