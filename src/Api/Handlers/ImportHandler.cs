using OrleansRegistry.Api.Security;
using OrleansRegistry.Application.Lifecycle;
using OrleansRegistry.Grains.Abstractions.Import;

namespace OrleansRegistry.Api.Handlers;

/// <summary>
/// The operators' API of the import from a CNCF Distribution storage tree, under <c>registry:admin:*</c>:
/// <c>POST /_registry/import</c> starts a run (<c>?dryRun=true</c> to only count) and answers 202 with its status;
/// <c>GET /_registry/import</c> answers the status of the run going on, or of the last one.
/// </summary>
public sealed class ImportHandler(ImportService import, RequestAuthorizer authorizer)
{
    public const string Path = "/_registry/import";

    public async Task StartAsync(HttpContext context)
    {
        authorizer.AuthorizeAdmin(context);
        var status = await import.StartAsync(new ImportRequest(DryRun: AdminApi.Flag(context, "dryRun")));
        await AdminApi.WriteStartedAsync(context, Path, ImportReport.Of(status));
    }

    public async Task GetAsync(HttpContext context)
    {
        authorizer.AuthorizeAdmin(context);
        await AdminApi.WriteAsync(context, StatusCodes.Status200OK, ImportReport.Of(await import.GetStatusAsync()));
    }
}
