using Microsoft.Extensions.Options;

namespace OrleansRegistry.Embedded.Hosting;

/// <summary>Checks <c>Registry:Embedded</c>.</summary>
internal sealed class EmbeddedSiloOptionsValidator : IValidateOptions<EmbeddedSiloOptions>
{
    public ValidateOptionsResult Validate(string? name, EmbeddedSiloOptions options)
    {
        var failures = new ValidateOptionsResultBuilder();
        foreach (var (setting, port) in new[] { (nameof(options.SiloPort), options.SiloPort), (nameof(options.GatewayPort), options.GatewayPort) })
        {
            if (port is < 0 or > 65535)
            {
                failures.AddError($"{EmbeddedSiloOptions.Section}:{setting} is {port}; it must be a TCP port, 1 to 65535, or 0 for a free one.");
            }
        }

        return failures.Build();
    }
}
