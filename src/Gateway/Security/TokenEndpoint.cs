using System.Globalization;
using System.Net;
using System.Text.Json;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Gateway.Http;

namespace OrleansRegistry.Gateway.Security;

/// <summary>
/// <c>GET /auth/token?service=&amp;scope=&amp;account=</c>: the built-in token server of the Docker token
/// specification. Basic credentials are checked against the htpasswd file; the token grants, of each requested
/// scope, only the actions the rules allow the caller.
/// </summary>
public sealed class TokenEndpoint(AuthOptions options, AccessPolicy policy, HtpasswdFile users, RegistryTokens tokens)
{
    public const string Path = "/auth/token";

    /// <summary>More scopes than this in one request are ignored; clients ask for one or two.</summary>
    private const int MaxScopes = 32;

    public async Task HandleAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var service = query["service"].ToString();
        if (service.Length > 0 && service != options.Service)
        {
            throw new RegistryException(RegistryErrorCode.Unsupported, $"this token server serves '{options.Service}', not '{ClientText.Printable(service)}'", HttpStatusCode.BadRequest);
        }

        string? user = null;
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            if (BasicCredentials.TryParse(authorization) is not { } credentials || !users.Verify(credentials.User, credentials.Password))
            {
                throw Unauthorized(context, "the credentials are invalid");
            }

            user = credentials.User;
        }
        else if (!options.Token.AllowAnonymous)
        {
            throw Unauthorized(context, "authentication required");
        }

        var granted = new List<AccessScope>();
        foreach (var value in query["scope"].SelectMany(s => (s ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)).Take(MaxScopes))
        {
            if (AccessScope.TryParse(value) is { } requested && policy.Grant(user, requested) is { Count: > 0 } actions)
            {
                granted.Add(requested with { Actions = actions });
            }
        }

        var issued = tokens.Issue(user, granted);
        var body = new Dictionary<string, object>
        {
            ["token"] = issued.Token,
            ["access_token"] = issued.Token,
            ["expires_in"] = issued.ExpiresIn,
            ["issued_at"] = issued.IssuedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.Headers.CacheControl = "no-store";
        await response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }

    private RegistryException Unauthorized(HttpContext context, string detail)
    {
        context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{options.Realm}\",charset=\"UTF-8\"";
        return new RegistryException(RegistryErrorCode.Unauthorized, detail);
    }
}
