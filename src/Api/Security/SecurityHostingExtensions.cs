using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OrleansRegistry.Api.Http;
using OrleansRegistry.Core.Errors;

namespace OrleansRegistry.Api.Security;

/// <summary>Wires authentication, authorization, TLS, Kestrel's limits and rate limiting into the registry.</summary>
public static class SecurityHostingExtensions
{
    /// <summary>Reads and validates <c>Registry:Auth</c>, <c>Registry:Tls</c>, <c>Registry:Limits</c> and <c>Registry:RateLimit</c>.</summary>
    public static void AddRegistrySecurity(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        auth.Validate();
        var tls = configuration.GetSection(TlsOptions.Section).Get<TlsOptions>() ?? new TlsOptions();
        tls.Validate();
        var limits = configuration.GetSection(LimitsOptions.Section).Get<LimitsOptions>() ?? new LimitsOptions();
        limits.Validate();
        var rateLimit = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        rateLimit.Validate();

        var services = builder.Services;
        services.AddSingleton(auth);
        services.AddSingleton<AccessPolicy>();
        services.AddSingleton<RequestAuthorizer>();
        if (auth.IsHtpasswd || (auth.IsToken && auth.Token.IssuesTokens))
        {
            services.AddSingleton(sp => new HtpasswdFile(auth.HtpasswdFile!, sp.GetRequiredService<ILogger<HtpasswdFile>>()));
        }

        if (auth.IsToken)
        {
            services.AddSingleton(sp => new TokenKeys(auth.Token, sp.GetRequiredService<ILogger<TokenKeys>>()));
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton<RegistryTokens>();
            if (auth.Token.IssuesTokens)
            {
                services.AddSingleton<RefreshTokens>();
                services.AddSingleton<TokenEndpoint>();
            }
        }

        X509Certificate2? certificate = null;
        if (tls.Enabled)
        {
            certificate = string.IsNullOrWhiteSpace(tls.KeyFile)
                ? X509Certificate2.CreateFromPemFile(tls.CertificateFile!)
                : X509Certificate2.CreateFromPemFile(tls.CertificateFile!, tls.KeyFile);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestHeadersTotalSize = limits.MaxRequestHeadersTotalSize;
            kestrel.Limits.MaxRequestHeaderCount = limits.MaxRequestHeaderCount;
            kestrel.Limits.MaxRequestLineSize = limits.MaxRequestLineSize;
            kestrel.Limits.RequestHeadersTimeout = limits.RequestHeadersTimeout;
            kestrel.Limits.KeepAliveTimeout = limits.KeepAliveTimeout;
            kestrel.Limits.MinRequestBodyDataRate = limits.MinRequestBodyDataRate > 0
                ? new MinDataRate(limits.MinRequestBodyDataRate, limits.MinRequestBodyDataRateGracePeriod)
                : null;
            kestrel.Limits.MaxConcurrentConnections = limits.MaxConcurrentConnections > 0 ? limits.MaxConcurrentConnections : null;
            if (certificate is not null)
            {
                kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate);
                kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http1AndHttp2);
            }
        });

        if (rateLimit.Enabled)
        {
            services.AddRateLimiter(limiter =>
            {
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
    }

    /// <summary>Adds the caller authentication, the rate limiter and the token endpoint, as configured.</summary>
    public static void UseRegistrySecurity(this WebApplication app)
    {
        var auth = app.Services.GetRequiredService<AuthOptions>();
        // Unreadable keys and password files stop the registry now, with a message naming the setting.
        app.Services.GetService<HtpasswdFile>();
        app.Services.GetService<TokenKeys>();
        if (auth.Enabled)
        {
            app.UseMiddleware<CallerAuthenticationMiddleware>();
        }

        if (app.Services.GetService<Microsoft.Extensions.Options.IOptions<RateLimiterOptions>>()?.Value.GlobalLimiter is not null)
        {
            app.UseRateLimiter();
        }

        if (app.Services.GetService<TokenEndpoint>() is { } tokens)
        {
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
