namespace OrleansRegistry.EndToEnd.Tests.Infrastructure;

/// <summary>Payload files for test images.</summary>
internal static class TestContent
{
    /// <summary>
    /// Incompressible bytes, so that a layer really is megabytes on the wire rather than a few
    /// kilobytes of gzip, and a registry that truncates or reorders data cannot go unnoticed.
    /// </summary>
    public static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    public static string WriteFile(string directory, string name, byte[] content)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public static string WriteFile(string directory, string name, string text) =>
        WriteFile(directory, name, System.Text.Encoding.UTF8.GetBytes(text));
}
