using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions.Usage;

namespace OrleansRegistry.Application.Usage;

/// <summary>What the repositories under a name prefix hold together, and the largest of them.</summary>
/// <param name="Total">Their usages added up: a blob two of them share counts in each.</param>
public sealed record UsageSummary(string Prefix, long Repositories, RepositoryUsage Total, IReadOnlyList<(RepositoryName Repository, RepositoryUsage Usage)> Largest);
