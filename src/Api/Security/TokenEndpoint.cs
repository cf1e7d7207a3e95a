using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using OrleansRegistry.Api.Http;
using OrleansRegistry.Core.Errors;

namespace OrleansRegistry.Api.Security;

/// <summary>
/// <c>/auth/token</c>: the built-in token server of the Docker token specification. <c>GET</c> takes Basic
/// credentials (and with <c>offline_token=true</c> adds a refresh token, which <c>docker login</c> keeps);
/// <c>POST</c> is its OAuth2 form, with the <c>password</c> and <c>refresh_token</c> grants that containerd,
/// BuildKit, docker and containers/image use. Either way the token grants, of each requested scope, only the
/// actions the rules allow the caller.
/// </summary>
public sealed class TokenEndpoint(AuthOptions options, AccessPolicy policy, HtpasswdFile users, RegistryTokens tokens, RefreshTokens refreshTokens)
{
    public const string Path = "/auth/token";

    /// <summary>More scopes than this in one request are ignored; clients ask for one or two.</summary>
    private const int MaxScopes = 32;

    /// <summary>A token request is a few short fields; anything larger is refused as it is read.</summary>
    private static readonly FormOptions FormLimits = new()
    {
        BufferBodyLengthLimit = 64 * 1024,
        MultipartBodyLengthLimit = 64 * 1024,
        MultipartHeadersLengthLimit = 4 * 1024,
        ValueCountLimit = 64,
        KeyLengthLimit = 64,
        ValueLengthLimit = 32 * 1024,
    };

    public async Task HandleGetAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (!IsThisService(query["service"]))
        {
            throw new RegistryException(RegistryErrorCode.Unsupported, $"this token server serves '{options.Service}', not '{ClientText.Printable(query["service"].ToString())}'", HttpStatusCode.BadRequest);
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

        var offline = user is not null && string.Equals(query["offline_token"], "true", StringComparison.OrdinalIgnoreCase);
        await AnswerAsync(context, user, query["scope"], offline ? refreshTokens.Issue(user!) : null);
    }

    public async Task HandlePostAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            await OAuthErrorAsync(context, "invalid_request", "the body must be application/x-www-form-urlencoded");
            return;
        }

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(FormLimits, context.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or IOException && !context.RequestAborted.IsCancellationRequested)
        {
            // Limits exceeded (InvalidDataException) or a malformed multipart body (IOException).
            await OAuthErrorAsync(context, "invalid_request", "the form is too large or malformed");
            return;
        }

        if (!IsThisService(form["service"]))
        {
            await OAuthErrorAsync(context, "invalid_request", $"this token server serves '{options.Service}'");
            return;
        }

        switch (form["grant_type"].ToString())
        {
            case "password":
                var user = form["username"].ToString();
                if (user.Length == 0)
                {
                    await OAuthErrorAsync(context, "invalid_request", "the password grant needs a username");
                    return;
                }

                if (!users.Verify(user, form["password"].ToString()))
                {
                    await OAuthErrorAsync(context, "invalid_grant", "the username or password is wrong");
                    return;
                }

                var offline = form["access_type"] == "offline";
                await AnswerAsync(context, user, form["scope"], offline ? refreshTokens.Issue(user) : null);
                return;
            case "refresh_token":
                var refreshToken = form["refresh_token"].ToString();
                if (refreshToken.Length == 0)
                {
                    await OAuthErrorAsync(context, "invalid_request", "the refresh_token grant needs a refresh_token");
                    return;
                }

                if (await refreshTokens.RedeemAsync(refreshToken) is not { } owner)
                {
                    await OAuthErrorAsync(context, "invalid_grant", "the refresh token is invalid, expired or revoked");
                    return;
                }

                // The specification: a refresh grant answers with the same refresh token, not a new one.
                await AnswerAsync(context, owner, form["scope"], refreshToken);
                return;
            case "":
                await OAuthErrorAsync(context, "invalid_request", "grant_type is required");
                return;
            default:
                await OAuthErrorAsync(context, "unsupported_grant_type", "grant_type must be password or refresh_token");
                return;
        }
    }

    private bool IsThisService(StringValues service) => StringValues.IsNullOrEmpty(service) || service == options.Service;

    private async Task AnswerAsync(HttpContext context, string? user, StringValues scopes, string? refreshToken)
    {
        var granted = new List<AccessScope>();
        foreach (var value in scopes.SelectMany(s => (s ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)).Take(MaxScopes))
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
            ["scope"] = string.Join(' ', granted),
            ["expires_in"] = issued.ExpiresIn,
            ["issued_at"] = issued.IssuedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        if (refreshToken is not null)
        {
            body["refresh_token"] = refreshToken;
        }

        await WriteJsonAsync(context, StatusCodes.Status200OK, body);
    }

    /// <summary>An error of the OAuth2 form, in the shape RFC 6749 section 5.2 gives it.</summary>
    private static Task OAuthErrorAsync(HttpContext context, string error, string description) =>
        WriteJsonAsync(context, StatusCodes.Status400BadRequest, new Dictionary<string, object> { ["error"] = error, ["error_description"] = description });

    /// <summary>With a Content-Length, as every answer of the registry whose body is whole before it is sent.</summary>
    private static async Task WriteJsonAsync(HttpContext context, int status, Dictionary<string, object> body)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(body);
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = json.Length;
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        await response.Body.WriteAsync(json, context.RequestAborted);
    }

    private RegistryException Unauthorized(HttpContext context, string detail)
    {
        context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{options.Realm}\",charset=\"UTF-8\"";
        return new RegistryException(RegistryErrorCode.Unauthorized, detail);
    }
}
