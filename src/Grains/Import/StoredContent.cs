namespace OrleansRegistry.Grains.Import;

/// <summary>Bytes found in storage under a digest: their size, or why they cannot be imported.</summary>
internal readonly record struct StoredContent(long? Size, string? Problem)
{
    public static StoredContent Found(long size) => new(size, null);

    public static StoredContent Refused(string problem) => new(null, problem);
}
