using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace OrleansRegistry.Upstream;

public static class UpstreamServiceExtensions
{
    /// <summary>
    /// Binds <c>Registry:PullThrough</c>, checked at start, and the HTTP client of the upstreams. The host brings an
    /// <see cref="IUpstreamTokenCache"/>.
    /// </summary>
    public static IServiceCollection AddUpstreams(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PullThroughOptions>().Bind(configuration.GetSection(PullThroughOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PullThroughOptions>, PullThroughOptionsValidator>();
        services.AddSingleton(provider => UpstreamSettings.Read(provider.GetRequiredService<IOptions<PullThroughOptions>>().Value));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<UpstreamClient>();
        services.AddHttpClient(UpstreamClient.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = true,
                MaxAutomaticRedirections = 5,
                AutomaticDecompression = DecompressionMethods.None,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                UseCookies = false,
            });
        return services;
    }
}
