using System.Collections.Concurrent;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Grains.Abstractions.Usage;

namespace OrleansRegistry.Application.Usage;

/// <summary>
/// Storage used, as operators ask for it: one repository's usage and quota, or the sum over a namespace prefix (or
/// the whole registry). Each repository keeps its own usage with every write, so a sum asks the repositories under
/// the prefix and reads no storage.
/// </summary>
public sealed class UsageService(IGrainFactory grains)
{
    /// <summary>How many repositories a sum asks at once.</summary>
    private const int Parallelism = 16;

    /// <summary>How many of the largest repositories a sum names.</summary>
    public const int LargestListed = 20;

    /// <returns>Null where the repository does not exist.</returns>
    public async Task<(RepositoryUsage Usage, RepositoryQuota? Quota)?> ForRepositoryAsync(RepositoryName repository)
    {
        var grain = grains.Repository(repository);
        return await grain.GetUsageAsync() is { } usage ? (usage, await grain.GetQuotaAsync()) : null;
    }

    public async Task<UsageSummary> ForPrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        var usages = new ConcurrentBag<(RepositoryName, RepositoryUsage)>();
        await Parallel.ForEachAsync(
            grains.Catalog().ListStartingWithAsync(prefix, cancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (repository, _) =>
            {
                if (await grains.Repository(repository).GetUsageAsync() is { } usage)
                {
                    usages.Add((repository, usage));
                }
            });

        var total = usages.Aggregate(RepositoryUsage.None, (sum, each) => sum + each.Item2);
        var largest = usages.OrderByDescending(each => each.Item2.Bytes).ThenBy(each => each.Item1.Value, StringComparer.Ordinal).Take(LargestListed).ToList();
        return new UsageSummary(prefix, usages.Count, total, largest);
    }
}
