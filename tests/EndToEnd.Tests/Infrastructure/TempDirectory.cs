namespace OrleansRegistry.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A uniquely named directory under /tmp, deleted on dispose. Names are kept short on purpose:
/// podman refuses a run root longer than 50 characters.
/// </summary>
internal sealed class TempDirectory : IDisposable
{
    private TempDirectory(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public static TempDirectory Create(string prefix)
    {
        var path = System.IO.Path.Combine("/tmp", $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}");
        Directory.CreateDirectory(path);
        return new TempDirectory(path);
    }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        // Set E2E_KEEP_TEMP=1 to inspect layouts, storage and registry data after a run.
        if (Environment.GetEnvironmentVariable("E2E_KEEP_TEMP") == "1")
        {
            return;
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp directory must not turn a passing test red.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
