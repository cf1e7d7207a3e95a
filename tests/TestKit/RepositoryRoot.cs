using System.Reflection;

namespace OrleansRegistry.TestKit;

/// <summary>Locates the checkout and the build configuration the test assembly was built with.</summary>
public static class RepositoryRoot
{
    private const string SolutionFile = "OrleansRegistry.sln";

    /// <summary>
    /// The directory holding OrleansRegistry.sln, found by walking up from the test binaries.
    /// Directory.Packages.props marks the same root and is accepted as a fallback so that the
    /// suite also works in a checkout where the solution file has not been created yet.
    /// </summary>
    public static string Path { get; } = Find();

    /// <summary>
    /// "Release" or "Debug": a registry the tests start must come from the same configuration as the tests, or a
    /// stale binary from another build could be what we end up testing.
    /// </summary>
    public static string Configuration { get; } = DetectConfiguration();

    /// <summary>The built DLL of a host under src/ (Embedded, Gateway, Silo), in the tests' configuration.</summary>
    public static string BuiltHost(string project) =>
        System.IO.Path.Combine(Path, "src", project, "bin", Configuration, "net10.0", $"OrleansRegistry.{project}.dll");

    private static string Find()
    {
        foreach (var marker in new[] { SolutionFile, "Directory.Packages.props" })
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, marker)))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            $"Could not find {SolutionFile} in any parent of {AppContext.BaseDirectory}.");
    }

    private static string DetectConfiguration()
    {
        var segments = AppContext.BaseDirectory.Split(System.IO.Path.DirectorySeparatorChar);
        var binIndex = Array.LastIndexOf(segments, "bin");
        if (binIndex >= 0 && binIndex + 1 < segments.Length && segments[binIndex + 1] is "Release" or "Debug")
        {
            return segments[binIndex + 1];
        }

        // Custom output paths: fall back to what the SDK stamped into the assembly.
        return typeof(RepositoryRoot).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
            ?? "Release";
    }
}
