namespace OrleansRegistry.ServiceDefaults;

/// <summary>Section <c>Registry</c>: settings that the silo and the gateway share.</summary>
public sealed class RegistryOptions
{
    public const string Section = "Registry";

    /// <summary>Where the embedded registry keeps blobs and grain state unless told otherwise.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The file grain storage's root; defaults to <c>grains</c> under the data directory.</summary>
    public string? GrainStateDirectory { get; set; }
}
