using Microsoft.Extensions.Configuration;

namespace OrleansRegistry.Upstream.Tests;

/// <summary>Settings as an operator writes them, bound as the registry binds them.</summary>
internal static class Settings
{
    public static PullThroughOptions Bind(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var options = new PullThroughOptions();
        configuration.GetSection(PullThroughOptions.Section).Bind(options);
        return options;
    }

    public static IReadOnlyList<string> FailuresOf(params (string Key, string Value)[] settings) =>
        new PullThroughOptionsValidator().Validate(null, Bind(settings)).Failures?.ToList() ?? [];

    public static Upstreams Read(params (string Key, string Value)[] settings)
    {
        var options = Bind(settings);
        Assert.Empty(new PullThroughOptionsValidator().Validate(null, options).Failures ?? []);
        return UpstreamSettings.Read(options);
    }

    public static (string, string)[] Setting(int index, string name, string url, string prefix, params (string Key, string Value)[] more) =>
    [
        ($"Registry:PullThrough:Upstreams:{index}:Name", name),
        ($"Registry:PullThrough:Upstreams:{index}:Url", url),
        ($"Registry:PullThrough:Upstreams:{index}:Prefix", prefix),
        .. more.Select(m => ($"Registry:PullThrough:Upstreams:{index}:{m.Key}", m.Value)),
    ];
}
