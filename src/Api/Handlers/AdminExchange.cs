using System.Net;
using System.Text.Json;
using OrleansRegistry.Api.Http;
using OrleansRegistry.Core.Errors;

namespace OrleansRegistry.Api.Handlers;

/// <summary>How the operators' API (<c>/_registry/…</c>) reads its flags and answers its reports.</summary>
internal static class AdminExchange
{
    /// <summary>The query flag <paramref name="name"/>: absent is false; anything but a boolean is a spec-shaped 400.</summary>
    public static bool ParseFlag(HttpContext context, string name)
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
    public static Task WriteStartedAsync<T>(HttpContext context, string path, T report)
    {
        context.Response.Headers.Location = path;
        return WriteAsync(context, StatusCodes.Status202Accepted, report);
    }

    public static Task WriteAsync<T>(HttpContext context, int statusCode, T report)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, report, RegistryJson.Options, context.RequestAborted);
    }
}
