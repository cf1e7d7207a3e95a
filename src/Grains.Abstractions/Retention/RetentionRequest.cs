using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Grains.Abstractions.Retention;

/// <summary>What a run of the retention policies does.</summary>
/// <param name="DryRun">Reports the tags the run would delete, and deletes nothing.</param>
/// <param name="Repository">Only this repository, under its policy; null: every repository a policy names.</param>
[GenerateSerializer, Immutable, Alias("RetentionRequest")]
public sealed record RetentionRequest([property: Id(0)] bool DryRun, [property: Id(1)] RepositoryName? Repository);
