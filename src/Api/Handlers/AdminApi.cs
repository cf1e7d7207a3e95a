using System.Net;
using System.Text.Json;
using OrleansRegistry.Api.Http;
using OrleansRegistry.Core.Errors;

namespace OrleansRegistry.Api.Handlers;

/// <summary>The operators' API under <c>/_registry</c>: which paths it has, and how its handlers read and answer.</summary>
public static class AdminApi
{
    private static readonly string[] Paths = [CollectionHandler.Path, RetentionHandler.Path, UsageHandler.Path, ImportHandler.Path];

    /// <summary>Whether a request is for the admin API, whose callers are authenticated as the registry's are.</summary>
    public static bool Serves(PathString path) => Paths.Any(admin => path.StartsWithSegments(admin));

    /// <summary>A true/false query parameter; absent is false, anything else a spec-shaped 400.</summary>
    public static bool Flag(HttpContext context, string name)
    {
        var value = context.Request.Query[name].ToString();
        return value switch
        {
            "" or "false" or "0" => false,
            "true" or "1" => true,
            _ => throw new RegistryException(RegistryErrorCode.Unsupported, $"{name} is '{value}'; it must be true or false", HttpStatusCode.BadRequest),
        };
    }

    /// <summary>A run just started: 202, with where to follow it.</summary>
    public static Task WriteStartedAsync<TReport>(HttpContext context, string path, TReport report)
    {
        context.Response.Headers.Location = path;
        return WriteAsync(context, StatusCodes.Status202Accepted, report);
    }

    public static Task WriteAsync<TReport>(HttpContext context, int statusCode, TReport report)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, report, RegistryJson.Options, context.RequestAborted);
    }
}
