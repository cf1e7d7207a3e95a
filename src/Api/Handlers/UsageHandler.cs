using System.Net;
using OrleansRegistry.Api.Security;
using OrleansRegistry.Application.Usage;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;

namespace OrleansRegistry.Api.Handlers;

/// <summary>
/// Storage used, under <c>registry:admin:*</c>: <c>GET /_registry/usage?repository=NAME</c> answers one repository's
/// usage and quota; <c>GET /_registry/usage?prefix=team/</c> the sum over the repositories whose names start so,
/// with the largest of them; with neither, the sum over the whole registry.
/// </summary>
public sealed class UsageHandler(UsageService usage, RequestAuthorizer authorizer)
{
    public const string Path = "/_registry/usage";

    public async Task GetAsync(HttpContext context)
    {
        authorizer.AuthorizeAdmin(context);
        var query = context.Request.Query;
        if (query["repository"].ToString() is { Length: > 0 } name)
        {
            var repository = RepositoryName.Parse(name);
            var found = await usage.ForRepositoryAsync(repository)
                ?? throw new RegistryException(RegistryErrorCode.NameUnknown, $"repository {repository} is not known to the registry", HttpStatusCode.NotFound);
            await AdminApi.WriteAsync(context, StatusCodes.Status200OK, UsageReport.Of(repository, found.Usage, found.Quota));
            return;
        }

        var prefix = query["prefix"].ToString();
        if ((prefix.Length > 0 && !RepositoryPattern.IsValid(prefix)) || prefix.Contains('*'))
        {
            throw new RegistryException(RegistryErrorCode.NameInvalid, $"prefix '{prefix}' is not the start of a repository name", HttpStatusCode.BadRequest);
        }

        await AdminApi.WriteAsync(context, StatusCodes.Status200OK, UsageReport.Of(await usage.ForPrefixAsync(prefix, context.RequestAborted)));
    }
}
