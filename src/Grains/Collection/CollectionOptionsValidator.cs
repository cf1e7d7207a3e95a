using Microsoft.Extensions.Options;

namespace OrleansRegistry.Grains.Collection;

/// <summary>Checks <c>Registry:Collection</c> at start.</summary>
internal sealed class CollectionOptionsValidator : IValidateOptions<CollectionOptions>
{
    private const string Section = CollectionOptions.Section;

    public ValidateOptionsResult Validate(string? name, CollectionOptions options)
    {
        var failures = new ValidateOptionsResultBuilder();
        if (options.Interval < TimeSpan.FromMinutes(1))
        {
            failures.AddError($"{Section}:Interval is {options.Interval}; it must be at least a minute, 00:01:00 (a reminder period).");
        }

        foreach (var (setting, value) in new[]
                 {
                     ("GracePeriod", options.GracePeriod), ("ExistenceLease", options.ExistenceLease), ("CommitLease", options.CommitLease),
                 })
        {
            if (value < TimeSpan.Zero)
            {
                failures.AddError($"{Section}:{setting} is {value}; it must not be negative.");
            }
        }

        if (options.UntaggedManifestAge < TimeSpan.Zero)
        {
            failures.AddError($"{Section}:UntaggedManifestAge is {options.UntaggedManifestAge}; it must not be negative (leave it unset to keep untagged manifests).");
        }

        if (options.StorageScanInterval < options.Interval)
        {
            failures.AddError($"{Section}:StorageScanInterval is {options.StorageScanInterval}; it must be at least Interval ({options.Interval}).");
        }

        return failures.Build();
    }
}
