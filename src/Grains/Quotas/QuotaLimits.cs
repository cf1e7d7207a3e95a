using Microsoft.Extensions.Options;
using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Grains.Quotas;

/// <summary>The limits of <c>Registry:Quotas</c>, parsed once; a repository is held to the first that matches its name.</summary>
public sealed class QuotaLimits(IOptions<QuotaOptions> options)
{
    private readonly IReadOnlyList<QuotaLimit> _all = options.Value.Limits
        .Select((limit, index) => new QuotaLimit(index, RepositoryPattern.Parse(limit.Repositories!), limit.MaxBytes, limit.MaxTags))
        .ToList();

    public QuotaLimit? For(RepositoryName repository) => _all.FirstOrDefault(limit => limit.Repositories.Matches(repository.Value));
}
