namespace OrleansRegistry.TestKit;

/// <summary>
/// A directory of a test's own under the system temp folder, deleted with everything in it on dispose. Names stay
/// short on purpose: podman refuses a run root longer than 50 characters. Set <c>TEST_KEEP_TEMP=1</c> to keep them
/// for a look after a run.
/// </summary>
public sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory(string prefix = "registry-test")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("TEST_KEEP_TEMP") == "1")
        {
            return;
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file still held open by a stopping server: the OS temp cleaner will get it, and a leftover must
            // not turn a passing test red.
        }
    }
}
