using OrleansRegistry.Api.Security;
using OrleansRegistry.Application.Lifecycle;
using OrleansRegistry.Grains.Abstractions.Collection;

namespace OrleansRegistry.Api.Handlers;

/// <summary>
/// The operators' API of the garbage collector, under <c>registry:admin:*</c>: <c>POST /_registry/gc</c> starts a
/// run (<c>?dryRun=true</c> to only count, <c>?full=true</c> to sweep every repository and walk storage) and answers
/// 202 with its status; <c>GET /_registry/gc</c> answers the status of the run going on, or of the last one.
/// </summary>
public sealed class CollectionHandler(CollectionService collection, RequestAuthorizer authorizer)
{
    public const string Path = "/_registry/gc";

    public async Task StartAsync(HttpContext context)
    {
        authorizer.AuthorizeAdmin(context);
        var request = new CollectionRequest(DryRun: AdminApi.Flag(context, "dryRun"), Full: AdminApi.Flag(context, "full"));
        var status = await collection.StartAsync(request);
        await AdminApi.WriteStartedAsync(context, Path, CollectionReport.Of(status));
    }

    public async Task GetAsync(HttpContext context)
    {
        authorizer.AuthorizeAdmin(context);
        await AdminApi.WriteAsync(context, StatusCodes.Status200OK, CollectionReport.Of(await collection.GetStatusAsync()));
    }
}
