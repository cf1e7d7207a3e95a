namespace OrleansRegistry.Storage.S3;

internal static class S3Limits
{
    /// <summary>Every part but the last must be at least this large.</summary>
    public const int MinPartSize = 5 * 1024 * 1024;

    /// <summary>The largest object a single CopyObject may copy; larger ones are copied part by part.</summary>
    public const long MaxSingleCopySize = 5L * 1024 * 1024 * 1024;

    public const long CopyPartSize = 512L * 1024 * 1024;

    /// <summary>The most keys or uploads S3 returns from one listing call.</summary>
    public const int MaxListPageSize = 1000;
}
