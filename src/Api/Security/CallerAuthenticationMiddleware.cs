using OrleansRegistry.Api.Handlers;

namespace OrleansRegistry.Api.Security;

/// <summary>
/// Establishes who calls the API from the <c>Authorization</c> header (Basic against the htpasswd file, or a
/// bearer token) before the rate limiter partitions by caller. It refuses nothing: the registry endpoint decides,
/// by the scope each request needs.
/// </summary>
public sealed class CallerAuthenticationMiddleware(RequestDelegate next, AuthOptions options, IServiceProvider services)
{
    private readonly HtpasswdFile? _users = options.IsHtpasswd ? services.GetRequiredService<HtpasswdFile>() : null;
    private readonly RegistryTokens? _tokens = options.IsToken ? services.GetRequiredService<RegistryTokens>() : null;

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/v2") || path.StartsWithSegments(CollectionHandler.Path) || path.StartsWithSegments(ImportHandler.Path))
        {
            context.Features.Set(await AuthenticateAsync(context));
        }

        await next(context);
    }

    private async Task<RegistryCaller> AuthenticateAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            return RegistryCaller.Anonymous;
        }

        if (_users is not null)
        {
            if (!BasicCredentials.IsBasic(authorization))
            {
                return RegistryCaller.Rejected;
            }

            return BasicCredentials.TryParse(authorization) is { } credentials && _users.Verify(credentials.User, credentials.Password)
                ? RegistryCaller.User(credentials.User)
                : RegistryCaller.Rejected;
        }

        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            // Basic credentials belong to the token endpoint; here they prove nothing.
            return BasicCredentials.IsBasic(authorization) ? RegistryCaller.Anonymous : RegistryCaller.Rejected;
        }

        var validated = await _tokens!.ValidateAsync(authorization[7..].Trim(), context.RequestAborted);
        return validated is { } token ? RegistryCaller.Token(token.Subject, token.Access) : RegistryCaller.Rejected;
    }
}
