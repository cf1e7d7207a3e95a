using Microsoft.Extensions.Options;
using OrleansRegistry.Storage;

namespace OrleansRegistry.ServiceDefaults;

/// <summary>Checks <c>Registry:Storage</c> at start.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new ValidateOptionsResultBuilder();
        // The binder also takes numbers for an enum, so "7" would pass it.
        if (!Enum.IsDefined(options.Kind))
        {
            failures.AddError($"{StorageOptions.Section}:Kind is '{options.Kind}'; it must be one of: {string.Join(", ", Enum.GetNames<StorageKind>())}.");
        }

        return failures.Build();
    }
}
