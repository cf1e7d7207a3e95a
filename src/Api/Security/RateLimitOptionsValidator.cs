using Microsoft.Extensions.Options;

namespace OrleansRegistry.Api.Security;

/// <summary>Checks <c>Registry:RateLimit</c> at start.</summary>
internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    private const string Section = RateLimitOptions.Section;

    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var failures = new ValidateOptionsResultBuilder();
        if (options.PermitsPerWindow < 0)
        {
            failures.AddError($"{Section}:PermitsPerWindow is {options.PermitsPerWindow}; it must be 0 (off) or more.");
        }

        if (options.QueueLimit < 0)
        {
            failures.AddError($"{Section}:QueueLimit is {options.QueueLimit}; it must be 0 or more.");
        }

        if (options.Enabled && (options.Window < TimeSpan.FromMilliseconds(1) || options.Window > TimeSpan.FromHours(1)))
        {
            failures.AddError($"{Section}:Window is {options.Window}; it must be between 1 ms (00:00:00.001) and an hour (01:00:00).");
        }

        return failures.Build();
    }
}
