using OrleansRegistry.Api.Security;
using OrleansRegistry.Application.Lifecycle;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions.Retention;

namespace OrleansRegistry.Api.Handlers;

/// <summary>
/// The operators' API of the retention policies, under <c>registry:admin:*</c>: <c>POST /_registry/retention</c>
/// starts a run (<c>?dryRun=true</c> to only report, <c>?repository=NAME</c> for one repository) and answers 202
/// with its status; <c>GET /_registry/retention</c> answers the status of the run going on, or of the last one,
/// with the tags it deleted (or would delete).
/// </summary>
public sealed class RetentionHandler(RetentionService retention, RequestAuthorizer authorizer)
{
    public const string Path = "/_registry/retention";

    public async Task StartAsync(HttpContext context)
    {
        authorizer.AuthorizeAdmin(context);
        var repository = context.Request.Query["repository"].ToString() is { Length: > 0 } name ? RepositoryName.Parse(name) : (RepositoryName?)null;
        var status = await retention.StartAsync(new RetentionRequest(AdminApi.Flag(context, "dryRun"), repository));
        await AdminApi.WriteStartedAsync(context, Path, RetentionReport.Of(status));
    }

    public async Task GetAsync(HttpContext context)
    {
        authorizer.AuthorizeAdmin(context);
        await AdminApi.WriteAsync(context, StatusCodes.Status200OK, RetentionReport.Of(await retention.GetStatusAsync()));
    }
}
