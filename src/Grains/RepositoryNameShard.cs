namespace OrleansRegistry.Grains;

/// <summary>One shard of a set of repository names: the catalog's, or the repositories linking a blob.</summary>
[GenerateSerializer, Alias("RepositoryNameShard")]
public sealed class RepositoryNameShard
{
    [Id(0)]
    public HashSet<string> Repositories { get; set; } = new(StringComparer.Ordinal);
}
