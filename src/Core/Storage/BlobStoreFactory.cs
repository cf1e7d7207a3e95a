using OrleansRegistry.Core.Storage.FileSystem;

namespace OrleansRegistry.Core.Storage;

public static class BlobStoreFactory
{
    /// <summary>Builds the configured driver, or fails with a message that names the setting at fault.</summary>
    public static IBlobStore Create(StorageOptions options, string dataDirectory)
    {
        if (string.Equals(options.Kind, StorageKinds.FileSystem, StringComparison.OrdinalIgnoreCase))
        {
            return new FileSystemBlobStore(options.RootDirectory ?? Path.Combine(dataDirectory, "storage"));
        }

        throw new InvalidOperationException(
            $"{StorageOptions.Section}:Kind is '{options.Kind}'; it must be one of: {string.Join(", ", StorageKinds.All)}.");
    }
}
