using System.Net;
using Microsoft.Extensions.Options;

namespace OrleansRegistry.ServiceDefaults;

/// <summary>Checks <c>Registry:Cluster</c>, for silos and gateways alike.</summary>
public sealed class RegistryClusterOptionsValidator : IValidateOptions<RegistryClusterOptions>
{
    private const string Section = RegistryClusterOptions.Section;

    public ValidateOptionsResult Validate(string? name, RegistryClusterOptions options)
    {
        var failures = new ValidateOptionsResultBuilder();
        if (string.IsNullOrWhiteSpace(options.Redis))
        {
            failures.AddError($"{Section}:Redis is not set; a cluster needs a Redis connection string, e.g. 'redis:6379'.");
        }

        if (options.AdvertisedAddress is { Length: > 0 } address && !IPAddress.TryParse(address, out _))
        {
            failures.AddError($"{Section}:AdvertisedAddress is '{address}'; it must be an IP address, e.g. 10.0.0.5.");
        }

        foreach (var (setting, port) in new[] { (nameof(options.SiloPort), options.SiloPort), (nameof(options.GatewayPort), options.GatewayPort) })
        {
            if (port is <= 0 or > 65535)
            {
                failures.AddError($"{Section}:{setting} is {port}; it must be a TCP port, 1 to 65535.");
            }
        }

        foreach (var (setting, period, example) in new[]
                 {
                     (nameof(options.ClientDropTimeout), options.ClientDropTimeout, "00:00:01"),
                     (nameof(options.GatewayListRefreshPeriod), options.GatewayListRefreshPeriod, "00:00:05"),
                 })
        {
            if (period <= TimeSpan.Zero)
            {
                failures.AddError($"{Section}:{setting} is {period}; it must be positive, e.g. {example}.");
            }
        }

        return failures.Build();
    }
}
