using Microsoft.Extensions.Options;
using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Grains.Retention;

/// <summary>The policies of <c>Registry:Retention</c>, parsed once; a repository follows the first that matches its name.</summary>
public sealed class RetentionPolicies(IOptions<RetentionOptions> options)
{
    public IReadOnlyList<RetentionPolicy> All { get; } = options.Value.Policies.Select(RetentionPolicy.Parse).ToList();

    public RetentionPolicy? For(RepositoryName repository) => All.FirstOrDefault(policy => policy.Repositories.Matches(repository.Value));
}
