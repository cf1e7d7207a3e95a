namespace OrleansRegistry.ServiceDefaults;

/// <summary>Section <c>Registry</c>: settings that the silo and the gateway share.</summary>
public sealed class RegistryOptions
{
    public const string Section = "Registry";

    /// <summary>Where the embedded registry keeps blobs and grain state unless told otherwise.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The file grain storage's root; defaults to <c>grains</c> under the data directory.</summary>
    public string? GrainStateDirectory { get; set; }

    /// <summary>The data directory as an absolute path: relative ones are relative to where the registry was started.</summary>
    public string DataPath => Path.GetFullPath(DataDirectory);

    /// <summary>The file grain storage's root as an absolute path.</summary>
    public string GrainStatePath => Path.GetFullPath(GrainStateDirectory ?? Path.Combine(DataDirectory, "grains"));
}
