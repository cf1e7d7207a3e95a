using System.Net;
using System.Text.Json;
using OrleansRegistry.Api.Http;
using OrleansRegistry.Api.Security;
using OrleansRegistry.Application.Lifecycle;
using OrleansRegistry.Core.Errors;
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
        var request = new CollectionRequest(DryRun: ParseFlag(context, "dryRun"), Full: ParseFlag(context, "full"));
        var status = await collection.StartAsync(request);
        context.Response.Headers.Location = Path;
        await WriteAsync(context, StatusCodes.Status202Accepted, status);
    }

    public async Task GetAsync(HttpContext context)
    {
        authorizer.AuthorizeAdmin(context);
        await WriteAsync(context, StatusCodes.Status200OK, await collection.GetStatusAsync());
    }

    private static bool ParseFlag(HttpContext context, string name)
    {
        var value = context.Request.Query[name].ToString();
        return value switch
        {
            "" or "false" or "0" => false,
            "true" or "1" => true,
            _ => throw new RegistryException(RegistryErrorCode.Unsupported, $"{name} is '{value}'; it must be true or false", HttpStatusCode.BadRequest),
        };
    }

    private static Task WriteAsync(HttpContext context, int statusCode, CollectionStatus status)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, CollectionReport.Of(status), RegistryJson.Options, context.RequestAborted);
    }
}
