namespace OrleansRegistry.Grains;

public static class GrainStorageNames
{
    /// <summary>The grain storage every registry grain persists to.</summary>
    public const string Registry = "registry";

    /// <summary>
    /// The state name of upload sessions. It is transient: file storage does not flush it to disk, since a power loss
    /// ends the uploads in progress anyway, as it ends their clients' connections.
    /// </summary>
    public const string UploadSessionState = "upload";
}
