using Microsoft.Extensions.Options;
using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Grains.Retention;

/// <summary>Checks <c>Registry:Retention</c> at start.</summary>
internal sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    private const string Section = RetentionOptions.Section;

    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        var failures = new ValidateOptionsResultBuilder();
        if (options.Interval < TimeSpan.FromMinutes(1))
        {
            failures.AddError($"{Section}:Interval is {options.Interval}; it must be at least a minute, 00:01:00 (a reminder period).");
        }

        if (options.PullRecordInterval <= TimeSpan.Zero)
        {
            failures.AddError($"{Section}:PullRecordInterval is {options.PullRecordInterval}; it must be positive.");
        }

        for (var i = 0; i < options.Policies.Count; i++)
        {
            Validate(failures, $"{Section}:Policies:{i}", options.Policies[i]);
        }

        return failures.Build();
    }

    private static void Validate(ValidateOptionsResultBuilder failures, string path, RetentionPolicyOptions policy)
    {
        if (policy.Repositories is not { } repositories || !RepositoryPattern.IsValid(repositories))
        {
            failures.AddError($"{path}:Repositories is '{policy.Repositories}'; it must be a repository glob such as ci/* or cache/**.");
        }

        if (policy.KeepLast < 1)
        {
            failures.AddError($"{path}:KeepLast is {policy.KeepLast}; it must be at least 1 (the tag just pushed is the last).");
        }

        foreach (var (setting, value) in new[]
                 {
                     ("DeleteOlderThan", policy.DeleteOlderThan), ("KeepPulledWithin", policy.KeepPulledWithin), ("UntaggedManifestAge", policy.UntaggedManifestAge),
                 })
        {
            if (value < TimeSpan.Zero)
            {
                failures.AddError($"{path}:{setting} is {value}; it must not be negative.");
            }
        }

        foreach (var pattern in policy.Protect.Where(pattern => !TagPattern.IsValid(pattern)))
        {
            failures.AddError($"{path}:Protect has '{pattern}'; a tag glob has tag characters and '*' only, such as v* or latest.");
        }

        if (policy is { KeepLast: null, DeleteOlderThan: null, UntaggedManifestAge: null })
        {
            failures.AddError($"{path} deletes nothing; give it KeepLast, DeleteOlderThan or UntaggedManifestAge.");
        }
    }
}
