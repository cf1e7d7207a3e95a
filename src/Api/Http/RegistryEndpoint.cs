using OrleansRegistry.Api.Handlers;
using OrleansRegistry.Api.Security;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Upstream;

namespace OrleansRegistry.Api.Http;

/// <summary>
/// The one endpoint behind <c>/v2/</c>: routes by the whole path (names contain '/') and the method. A name is
/// first resolved to the repository that answers it (a cache of an upstream, by prefix, as the Docker daemon's
/// mirror, or by containerd's <c>?ns=</c>), and authorized as that repository.
/// </summary>
public sealed class RegistryEndpoint(
    BlobHandler blobs, UploadHandler uploads, ManifestHandler manifests, ListingHandler listings, ReferrersHandler referrers,
    RequestAuthorizer authorizer, Upstreams upstreams)
{
    public Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var route = RegistryRoute.Match(path)
            ?? throw new RegistryException(RegistryErrorCode.NameUnknown, $"no registry endpoint at '{ClientText.Printable(path)}'");
        var method = context.Request.Method;
        var isRead = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        var requested = route.Kind is RouteKind.Base or RouteKind.Catalog ? null : upstreams.Resolve(RepositoryName.Parse(route.Name), context.Request.Query["ns"]);
        if (requested?.Namespace is { } ns)
        {
            context.Response.Headers[RegistryHeaders.Namespace] = ns;
        }

        var name = requested?.Local ?? default;
        authorizer.Authorize(context, requested is null ? route : route with { Name = name.Value });
        if (requested?.Proxied is { } proxied && !isRead && !HttpMethods.IsDelete(method))
        {
            throw new RegistryException(
                RegistryErrorCode.Unsupported,
                $"{name} is a read-only cache of {proxied.Upstream}; "
                + (proxied.Upstream.RegistryMirror
                    ? "this registry mirrors it for every name outside the other upstreams' prefixes, so it takes no pushes"
                    : $"push to a repository outside '{proxied.Upstream.Prefix}/'"));
        }

        return route.Kind switch
        {
            RouteKind.Base when isRead => BaseHandler.GetAsync(context),
            RouteKind.Catalog when isRead => listings.CatalogAsync(context),
            RouteKind.Tags when isRead => listings.TagsAsync(context, name),
            RouteKind.Manifest when isRead => manifests.GetAsync(context, name, route.Argument),
            RouteKind.Manifest when HttpMethods.IsPut(method) => manifests.PutAsync(context, name, route.Argument),
            RouteKind.Manifest when HttpMethods.IsDelete(method) => manifests.DeleteAsync(context, name, route.Argument),
            RouteKind.Blob when isRead => blobs.GetAsync(context, name, route.Argument),
            RouteKind.Blob when HttpMethods.IsDelete(method) => blobs.DeleteAsync(context, name, route.Argument),
            RouteKind.UploadStart when HttpMethods.IsPost(method) => uploads.StartAsync(context, name),
            RouteKind.Upload when HttpMethods.IsGet(method) => uploads.GetStatusAsync(context, name, route.Argument),
            RouteKind.Upload when HttpMethods.IsPatch(method) => uploads.PatchAsync(context, name, route.Argument),
            RouteKind.Upload when HttpMethods.IsPut(method) => uploads.FinishAsync(context, name, route.Argument),
            RouteKind.Upload when HttpMethods.IsDelete(method) => uploads.CancelAsync(context, name, route.Argument),
            RouteKind.Referrers when isRead => referrers.GetAsync(context, name, route.Argument),
            _ => throw new RegistryException(RegistryErrorCode.Unsupported, $"{method} is not supported on this endpoint"),
        };
    }
}
