using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace OrleansRegistry.ServiceDefaults;

/// <summary>
/// Settings a host needs while it is being built (Orleans' cluster ids and ports, which storage driver to register),
/// bound and checked now by the same validator that checks the section again at start.
/// </summary>
public static class ValidatedSettings
{
    /// <exception cref="OptionsValidationException">The section breaks a rule of <paramref name="validator"/>.</exception>
    public static T Read<T>(IConfiguration configuration, string section, IValidateOptions<T> validator)
        where T : class, new()
    {
        var settings = new T();
        configuration.GetSection(section).Bind(settings);
        var result = validator.Validate(Options.DefaultName, settings);
        return result.Failed ? throw new OptionsValidationException(Options.DefaultName, typeof(T), result.Failures) : settings;
    }
}
