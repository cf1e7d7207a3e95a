using System.Xml.Linq;

namespace OrleansRegistry.TestKit;

/// <summary>What a project of this repository references, directly and through the projects it references.</summary>
public sealed class ProjectGraph
{
    private ProjectGraph(IReadOnlySet<string> projects, IReadOnlySet<string> packages)
    {
        Projects = projects;
        Packages = packages;
    }

    /// <summary>Project names (<c>OrleansRegistry.Grains</c>) in the closure, the project itself included.</summary>
    public IReadOnlySet<string> Projects { get; }

    /// <summary>Package ids referenced anywhere in the closure.</summary>
    public IReadOnlySet<string> Packages { get; }

    /// <param name="project">A path under the repository root, e.g. <c>src/Gateway/OrleansRegistry.Gateway.csproj</c>.</param>
    public static ProjectGraph Of(string project)
    {
        var projects = new HashSet<string>(StringComparer.Ordinal);
        var packages = new HashSet<string>(StringComparer.Ordinal);
        Walk(Path.GetFullPath(Path.Combine(RepositoryRoot.Path, project)), projects, packages);
        return new ProjectGraph(projects, packages);
    }

    private static void Walk(string path, HashSet<string> projects, HashSet<string> packages)
    {
        if (!projects.Add(Path.GetFileNameWithoutExtension(path)))
        {
            return;
        }

        var document = XDocument.Load(path);
        foreach (var package in document.Descendants("PackageReference"))
        {
            packages.Add((string)package.Attribute("Include")!);
        }

        foreach (var reference in document.Descendants("ProjectReference"))
        {
            var relative = ((string)reference.Attribute("Include")!).Replace('\\', Path.DirectorySeparatorChar);
            Walk(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, relative)), projects, packages);
        }
    }
}
