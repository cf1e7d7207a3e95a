using Microsoft.Extensions.Options;

namespace OrleansRegistry.Api.Hosting;

/// <summary>Checks <c>Registry:Api</c> at start.</summary>
internal sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    private const string Section = ApiOptions.Section;

    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var failures = new ValidateOptionsResultBuilder();
        if (options.MaxManifestBytes < 4 * 1024 * 1024)
        {
            failures.AddError($"{Section}:MaxManifestBytes is {options.MaxManifestBytes}; it must be at least 4194304, as the spec requires.");
        }

        if (options.MaxPageSize < 1)
        {
            failures.AddError($"{Section}:MaxPageSize is {options.MaxPageSize}; it must be at least 1.");
        }

        if (options.ManifestCacheBytes < 0)
        {
            failures.AddError($"{Section}:ManifestCacheBytes is {options.ManifestCacheBytes}; it must be 0 or more.");
        }

        return failures.Build();
    }
}
