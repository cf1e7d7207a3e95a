namespace OrleansRegistry.Grains;

public static class GrainStorageNames
{
    /// <summary>The grain storage every registry grain persists to.</summary>
    public const string Registry = "registry";
}
