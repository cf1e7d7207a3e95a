namespace OrleansRegistry.EndToEnd.Tests.PullThrough;

/// <summary>Where CNCF Distribution keeps its storage tree: the <c>storage</c> section of its configuration.</summary>
internal sealed record DistributionStorage(string Yaml)
{
    /// <summary>A directory, which holds <c>docker/registry/v2</c>.</summary>
    public static DistributionStorage FileSystem(string rootDirectory) => new($"""
          filesystem:
            rootdirectory: {rootDirectory}
        """);

    /// <summary>A bucket of an S3 server with the test keys, with keys from <c>docker/registry/v2</c> on (no root directory).</summary>
    public static DistributionStorage S3(string serviceUrl, string bucket) => new($"""
          s3:
            accesskey: minioadmin
            secretkey: minioadmin
            region: us-east-1
            regionendpoint: {serviceUrl}
            bucket: {bucket}
            secure: false
            v4auth: true
        """);
}
