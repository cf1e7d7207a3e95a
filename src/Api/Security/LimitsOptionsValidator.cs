using Microsoft.Extensions.Options;

namespace OrleansRegistry.Api.Security;

/// <summary>Checks <c>Registry:Limits</c> at start against what Kestrel accepts and what keeps a registry usable.</summary>
internal sealed class LimitsOptionsValidator : IValidateOptions<LimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        var failures = new ValidateOptionsResultBuilder();
        Check(failures, options.MaxRequestHeadersTotalSize >= 1024, nameof(options.MaxRequestHeadersTotalSize), options.MaxRequestHeadersTotalSize, "at least 1024");
        Check(failures, options.MaxRequestHeaderCount >= 10, nameof(options.MaxRequestHeaderCount), options.MaxRequestHeaderCount, "at least 10");
        Check(failures, options.MaxRequestLineSize >= 1024, nameof(options.MaxRequestLineSize), options.MaxRequestLineSize, "at least 1024");
        Check(failures, options.RequestHeadersTimeout > TimeSpan.Zero, nameof(options.RequestHeadersTimeout), options.RequestHeadersTimeout, "positive");
        Check(failures, options.KeepAliveTimeout > TimeSpan.Zero, nameof(options.KeepAliveTimeout), options.KeepAliveTimeout, "positive");
        Check(failures, options.MinRequestBodyDataRate >= 0, nameof(options.MinRequestBodyDataRate), options.MinRequestBodyDataRate, "0 (off) or more");
        Check(failures, options.MinRequestBodyDataRateGracePeriod >= TimeSpan.FromSeconds(1), nameof(options.MinRequestBodyDataRateGracePeriod),
            options.MinRequestBodyDataRateGracePeriod, "at least a second, 00:00:01 (Kestrel's minimum)");
        Check(failures, options.MaxConcurrentConnections >= 0, nameof(options.MaxConcurrentConnections), options.MaxConcurrentConnections, "0 (unlimited) or more");
        return failures.Build();
    }

    private static void Check(ValidateOptionsResultBuilder failures, bool valid, string setting, object value, string expectation)
    {
        if (!valid)
        {
            failures.AddError($"{LimitsOptions.Section}:{setting} is {value}; it must be {expectation}.");
        }
    }
}
