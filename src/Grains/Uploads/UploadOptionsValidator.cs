using Microsoft.Extensions.Options;

namespace OrleansRegistry.Grains.Uploads;

/// <summary>Checks <c>Registry:Uploads</c> at start.</summary>
internal sealed class UploadOptionsValidator : IValidateOptions<UploadOptions>
{
    private const string Section = UploadOptions.Section;

    public ValidateOptionsResult Validate(string? name, UploadOptions options)
    {
        var failures = new ValidateOptionsResultBuilder();
        if (options.IdleTimeout <= TimeSpan.Zero)
        {
            failures.AddError($"{Section}:IdleTimeout is {options.IdleTimeout}; it must be positive, e.g. 01:00:00.");
        }

        if (options.ExpiryScanInterval < TimeSpan.FromMinutes(1))
        {
            failures.AddError($"{Section}:ExpiryScanInterval is {options.ExpiryScanInterval}; it must be at least a minute, 00:01:00 (a reminder period).");
        }

        if (options.WriteLeaseTimeout < TimeSpan.FromSeconds(1))
        {
            failures.AddError($"{Section}:WriteLeaseTimeout is {options.WriteLeaseTimeout}; it must be at least a second, 00:00:01.");
        }

        return failures.Build();
    }
}
