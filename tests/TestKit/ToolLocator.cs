namespace OrleansRegistry.TestKit;

/// <summary>
/// Finds executables on PATH. A missing client is a broken test environment, not a reason to
/// skip: skipping would let CI go green without ever talking to a real client.
/// </summary>
public static class ToolLocator
{
    public static string Require(string fileName)
    {
        if (fileName.Contains('/'))
        {
            return File.Exists(fileName) ? fileName : throw Missing(fileName);
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        foreach (var directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw Missing(fileName);
    }

    private static InvalidOperationException Missing(string fileName) =>
        new($"Required tool '{fileName}' was not found on PATH. Run scripts/install-test-deps.sh " +
            "(as root) to install the end-to-end test clients (skopeo, buildah, podman, containerd, umoci, jq, curl).");
}
