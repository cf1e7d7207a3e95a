using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using OrleansRegistry.Api.Http;
using OrleansRegistry.Core.Errors;

namespace OrleansRegistry.Api.Security;

/// <summary>Wires authentication, authorization and rate limiting into the registry.</summary>
public static class SecurityHostingExtensions
{
    /// <summary>
    /// Binds <c>Registry:Auth</c>, <c>Registry:Tls</c>, <c>Registry:Limits</c> and <c>Registry:RateLimit</c>, each
    /// checked at start by its validator. Kestrel takes the limits and the certificate in <c>RegistryKestrel</c>.
    /// </summary>
    public static void AddRegistrySecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddOptions<TlsOptions>().Bind(configuration.GetSection(TlsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TlsOptions>, TlsOptionsValidator>();
        services.AddOptions<LimitsOptions>().Bind(configuration.GetSection(LimitsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LimitsOptions>, LimitsOptionsValidator>();
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();

        // The security classes take the validated settings themselves; those of a kind not configured are never created.
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<AuthOptions>>().Value);
        services.AddSingleton<AccessPolicy>();
        services.AddSingleton<RequestAuthorizer>();
        services.AddSingleton(provider => new HtpasswdFile(provider.GetRequiredService<AuthOptions>().HtpasswdFile!, provider.GetRequiredService<ILogger<HtpasswdFile>>()));
        services.AddSingleton(provider => new TokenKeys(provider.GetRequiredService<AuthOptions>().Token, provider.GetRequiredService<ILogger<TokenKeys>>()));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<RegistryTokens>();
        services.AddSingleton<RefreshTokens>();
        services.AddSingleton<TokenEndpoint>();

        // Only a limiter that is configured is ever used (UseRegistrySecurity); this registers what it needs.
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, settings) =>
        {
            var rateLimit = settings.Value;
            if (!rateLimit.Enabled)
            {
                return;
            }

            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Request.Path.StartsWithSegments("/healthz")
                    ? RateLimitPartition.GetNoLimiter("health")
                    : RateLimitPartition.GetFixedWindowLimiter(PartitionOf(context), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = rateLimit.PermitsPerWindow,
                        Window = rateLimit.Window,
                        QueueLimit = rateLimit.QueueLimit,
                        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    }));
            limiter.OnRejected = (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : rateLimit.Window;
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return new ValueTask(ErrorResponse.WriteAsync(
                    rejected.HttpContext, RegistryErrorCode.TooManyRequests, $"retry in {seconds} s", HttpStatusCode.TooManyRequests));
            };
        });
    }

    /// <summary>Adds the caller authentication, the rate limiter and the token endpoint, as configured.</summary>
    public static void UseRegistrySecurity(this WebApplication app)
    {
        var auth = app.Services.GetRequiredService<AuthOptions>();
        if (auth.Enabled)
        {
            app.UseMiddleware<CallerAuthenticationMiddleware>();
        }

        if (app.Services.GetRequiredService<IOptions<RateLimiterOptions>>().Value.GlobalLimiter is not null)
        {
            app.UseRateLimiter();
        }

        if (auth.IsToken && auth.Token.IssuesTokens)
        {
            var tokens = app.Services.GetRequiredService<TokenEndpoint>();
            app.MapGet(TokenEndpoint.Path, tokens.HandleGetAsync);
            app.MapPost(TokenEndpoint.Path, tokens.HandlePostAsync);
        }
    }

    /// <summary>Authenticated callers are limited by name, everyone else by address.</summary>
    private static string PartitionOf(HttpContext context) =>
        RegistryCaller.Of(context) is { IsAuthenticated: true, Name: { } name }
            ? "user:" + name
            : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
