using OrleansRegistry.Api.Handlers;
using OrleansRegistry.Api.Security;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Api.Http;

/// <summary>
/// The one endpoint behind <c>/v2/</c>: routes by the whole path (names contain '/') and the method.
/// </summary>
public sealed class RegistryEndpoint(
    BlobHandler blobs, UploadHandler uploads, ManifestHandler manifests, ListingHandler listings, ReferrersHandler referrers,
    RequestAuthorizer authorizer)
{
    public Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        var route = RegistryRoute.Match(path)
            ?? throw new RegistryException(RegistryErrorCode.NameUnknown, $"no registry endpoint at '{ClientText.Printable(path)}'");
        var name = route.Kind is RouteKind.Base or RouteKind.Catalog ? default : RepositoryName.Parse(route.Name);
        authorizer.Authorize(context, route);
        var method = context.Request.Method;
        var isRead = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
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
