namespace OrleansRegistry.Grains.Repositories;

/// <summary>
/// The head of a repository's state: whether it exists and is in the catalog. Its tags, manifests and blob links
/// live in <see cref="RepositoryShard"/>s.
/// </summary>
[GenerateSerializer, Alias("RepositoryState")]
public sealed class RepositoryState
{
    /// <summary>Whether the catalog lists this repository yet.</summary>
    [Id(3)]
    public bool Listed { get; set; }
}
