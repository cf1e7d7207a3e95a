using Microsoft.Extensions.Options;

namespace OrleansRegistry.ServiceDefaults;

/// <summary>Checks section <c>Registry</c> at start.</summary>
public sealed class RegistryOptionsValidator : IValidateOptions<RegistryOptions>
{
    public ValidateOptionsResult Validate(string? name, RegistryOptions options)
    {
        var failures = new ValidateOptionsResultBuilder();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.AddError($"{RegistryOptions.Section}:DataDirectory is empty; it must name a directory, e.g. /var/lib/registry (default: data).");
        }

        return failures.Build();
    }
}
