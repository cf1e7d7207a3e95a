namespace OrleansRegistry.Core.Storage;

/// <summary>Where blob bytes live: section <c>Registry:Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string Section = "Registry:Storage";

    /// <summary>The storage driver: <c>FileSystem</c> or <c>S3</c> (settings in <c>Registry:Storage:S3</c>).</summary>
    public string Kind { get; set; } = "FileSystem";

    /// <summary>The FileSystem driver's root; defaults to <c>storage</c> under the data directory.</summary>
    public string? RootDirectory { get; set; }
}
