namespace OrleansRegistry.Bench.Infrastructure;

/// <summary>The checkout: the directory holding OrleansRegistry.sln, found by walking up from the binaries.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>The configuration the benchmark was built in, which is the one the registry under test is built in.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Split(System.IO.Path.DirectorySeparatorChar) is var segments
        && Array.LastIndexOf(segments, "bin") is var bin and >= 0 && bin + 1 < segments.Length && segments[bin + 1] is "Debug"
            ? "Debug"
            : "Release";

    public static string Built(string project) =>
        System.IO.Path.Combine(Path, "src", project, "bin", Configuration, "net10.0", $"OrleansRegistry.{project}.dll");

    private static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "OrleansRegistry.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException($"OrleansRegistry.sln is in no parent of {AppContext.BaseDirectory}");
    }
}
