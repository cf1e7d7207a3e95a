namespace OrleansRegistry.Storage;

/// <summary>Where blob bytes live: section <c>Registry:Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Registry:Storage";

    /// <summary>The storage driver; the S3 driver's settings are in <c>Registry:Storage:S3</c>.</summary>
    public StorageKind Kind { get; set; } = StorageKind.FileSystem;

    /// <summary>The FileSystem driver's root; defaults to <c>storage</c> under the data directory.</summary>
    public string? RootDirectory { get; set; }
}
