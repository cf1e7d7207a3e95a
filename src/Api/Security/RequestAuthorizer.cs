using System.Net;
using OrleansRegistry.Api.Http;
using OrleansRegistry.Core.Errors;

namespace OrleansRegistry.Api.Security;

/// <summary>
/// Enforces the scope each API request needs: pull to read, push to upload and put manifests, delete to delete,
/// <c>registry:catalog:*</c> to list repositories, and only authentication for <c>GET /v2/</c>. Refuses with
/// <c>401 UNAUTHORIZED</c> and a challenge when the caller must (re)authenticate, with <c>403 DENIED</c> when an
/// authenticated caller is not allowed.
/// </summary>
public sealed class RequestAuthorizer(AuthOptions options, AccessPolicy policy)
{
    public bool Enabled => options.Enabled;

    public void Authorize(HttpContext context, RegistryRoute route) => Authorize(context, RequiredScope(route, context.Request.Method));

    /// <summary>
    /// The operators' API needs <c>registry:admin:*</c>. With authentication off no caller has a name, so only a
    /// caller on this machine (loopback) may use it: an open registry must not let anyone delete its garbage.
    /// </summary>
    public void AuthorizeAdmin(HttpContext context)
    {
        if (!options.Enabled && context.Connection.RemoteIpAddress is { } address && !IPAddress.IsLoopback(address))
        {
            throw new RegistryException(RegistryErrorCode.Denied, "with authentication off, the admin API answers only on loopback");
        }

        Authorize(context, AccessScope.Admin);
    }

    private void Authorize(HttpContext context, AccessScope? required)
    {
        if (!options.Enabled)
        {
            return;
        }

        var caller = RegistryCaller.Of(context);
        if (caller.CredentialsRejected)
        {
            throw Unauthorized(context, required, options.IsToken ? AuthChallenge.InvalidToken : null, "the credentials are invalid");
        }

        if (required is null)
        {
            if (!caller.IsAuthenticated)
            {
                throw Unauthorized(context, null, null, "authentication required");
            }

            return;
        }

        if (Allows(caller, required))
        {
            return;
        }

        if (!caller.IsAuthenticated)
        {
            throw Unauthorized(context, required, null, $"authentication required for {required}");
        }

        if (options.IsToken)
        {
            context.Response.Headers.WWWAuthenticate = AuthChallenge.For(context, options, AuthChallenge.Requested(required), AuthChallenge.InsufficientScope);
        }

        throw new RegistryException(RegistryErrorCode.Denied, $"{caller.Name} may not {InWords(required)}");
    }

    /// <summary>Whether the caller of <paramref name="context"/> may do what <paramref name="scope"/> names (always, with authentication off).</summary>
    public bool IsAllowed(HttpContext context, AccessScope scope) => !options.Enabled || Allows(RegistryCaller.Of(context), scope);

    public static AccessScope? RequiredScope(RegistryRoute route, string method)
    {
        var isRead = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        return route.Kind switch
        {
            RouteKind.Base => null,
            RouteKind.Catalog => AccessScope.Catalog,
            RouteKind.Tags or RouteKind.Referrers => AccessScope.Repository(route.Name, RegistryActions.Pull),
            RouteKind.UploadStart or RouteKind.Upload => AccessScope.Repository(route.Name, RegistryActions.Push),
            _ when isRead => AccessScope.Repository(route.Name, RegistryActions.Pull),
            _ when HttpMethods.IsDelete(method) => AccessScope.Repository(route.Name, RegistryActions.Delete),
            _ => AccessScope.Repository(route.Name, RegistryActions.Push),
        };
    }

    private bool Allows(RegistryCaller caller, AccessScope required)
    {
        if (caller.CredentialsRejected)
        {
            return false;
        }

        if (caller.TokenAccess is { } granted)
        {
            return required.Actions.All(action => granted.Any(g =>
                g.Type == required.Type && g.Name == required.Name && (g.Actions.Contains(action) || g.Actions.Contains(RegistryActions.All))));
        }

        return policy.Allows(caller.Name, required);
    }

    /// <summary>What a scope allows, as a person would say it: "push to team/app", "list the registry's repositories".</summary>
    private static string InWords(AccessScope scope) =>
        scope.Type == AccessScope.RegistryType && scope.Name == AccessScope.Catalog.Name ? "list the registry's repositories"
            : scope.Type == AccessScope.RegistryType && scope.Name == AccessScope.Admin.Name ? "use the admin API"
            : string.Join(" and ", scope.Actions.Select(action => action switch
            {
                RegistryActions.Pull => $"pull from {scope.Name}",
                RegistryActions.Push => $"push to {scope.Name}",
                RegistryActions.Delete => $"delete from {scope.Name}",
                _ => $"{action} {scope.Name}",
            }));

    private RegistryException Unauthorized(HttpContext context, AccessScope? required, string? error, string detail)
    {
        context.Response.Headers.WWWAuthenticate = AuthChallenge.For(context, options, required is null ? null : AuthChallenge.Requested(required), error);
        return new RegistryException(RegistryErrorCode.Unauthorized, detail);
    }
}
