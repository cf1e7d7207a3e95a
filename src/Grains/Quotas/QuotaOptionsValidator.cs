using Microsoft.Extensions.Options;
using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Grains.Quotas;

/// <summary>Checks <c>Registry:Quotas</c> at start.</summary>
internal sealed class QuotaOptionsValidator : IValidateOptions<QuotaOptions>
{
    public ValidateOptionsResult Validate(string? name, QuotaOptions options)
    {
        var failures = new ValidateOptionsResultBuilder();
        for (var i = 0; i < options.Limits.Count; i++)
        {
            var path = $"{QuotaOptions.Section}:Limits:{i}";
            var limit = options.Limits[i];
            if (limit.Repositories is not { } repositories || !RepositoryPattern.IsValid(repositories))
            {
                failures.AddError($"{path}:Repositories is '{limit.Repositories}'; it must be a repository glob such as team/* or ci/**.");
            }

            if (limit.MaxBytes < 0)
            {
                failures.AddError($"{path}:MaxBytes is {limit.MaxBytes}; it must not be negative.");
            }

            if (limit.MaxTags < 0)
            {
                failures.AddError($"{path}:MaxTags is {limit.MaxTags}; it must not be negative.");
            }

            if (limit is { MaxBytes: null, MaxTags: null })
            {
                failures.AddError($"{path} limits nothing; give it MaxBytes or MaxTags.");
            }
        }

        return failures.Build();
    }
}
