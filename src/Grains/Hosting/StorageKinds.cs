namespace OrleansRegistry.Grains.Hosting;

public static class StorageKinds
{
    public const string FileSystem = "FileSystem";
    public const string S3 = "S3";

    public static readonly IReadOnlyList<string> All = [FileSystem, S3];
}
