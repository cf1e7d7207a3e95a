namespace OrleansRegistry.Core.Storage;

public static class StorageKinds
{
    public const string FileSystem = "FileSystem";

    public static readonly IReadOnlyList<string> All = [FileSystem];
}
