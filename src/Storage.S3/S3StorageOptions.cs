using System.Text.RegularExpressions;

namespace OrleansRegistry.Storage.S3;

/// <summary>Section <c>Registry:Storage:S3</c>: an S3 bucket on AWS, MinIO, Ceph RGW or any S3 server.</summary>
public sealed partial class S3StorageOptions
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

    public void Validate()
    {
        if (!BucketName().IsMatch(Bucket ?? ""))
        {
            throw new InvalidOperationException(
                $"{Section}:Bucket '{Bucket}' is not a valid bucket name (3 to 63 lowercase letters, digits, dots and hyphens).");
        }

        if (PartSize < S3Limits.MinPartSize)
        {
            throw new InvalidOperationException($"{Section}:PartSize is {PartSize}; S3 requires at least {S3Limits.MinPartSize}.");
        }

        if (ServiceUrl is { Length: > 0 } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            throw new InvalidOperationException($"{Section}:ServiceUrl '{url}' is not an absolute URL.");
        }

        if (RedirectDownloads && RedirectExpiry <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{Section}:RedirectExpiry must be positive.");
        }

        if (string.IsNullOrEmpty(AccessKey) != string.IsNullOrEmpty(SecretKey))
        {
            throw new InvalidOperationException($"{Section}:AccessKey and {Section}:SecretKey must be set together.");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();
}
