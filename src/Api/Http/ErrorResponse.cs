using System.Net;
using System.Text.Json;
using OrleansRegistry.Api.Observability;
using OrleansRegistry.Application.Observability;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Grains.Abstractions;

namespace OrleansRegistry.Api.Http;

/// <summary>Writes the spec's error body: <c>{"errors":[{"code","message","detail"}]}</c>.</summary>
public static class ErrorResponse
{
    private const string RetryAfterSeconds = "5";

    public static Task WriteAsync(HttpContext context, RegistryErrorCode error, string? detail, HttpStatusCode status)
    {
        var response = context.Response;
        response.StatusCode = (int)status;
        context.RequestServices.GetService<RegistryMetrics>()?.ErrorAnswered(error.Code, (int)status);
        if (status == HttpStatusCode.ServiceUnavailable)
        {
            // Every 503 is something that passes (a cluster or a store out of reach): say when to try again.
            response.Headers.RetryAfter = RetryAfterSeconds;
        }

        response.ContentType = "application/json; charset=utf-8";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return Task.CompletedTask;
        }

        var body = new { errors = new[] { new { code = error.Code, message = error.Message, detail } } };
        return response.WriteAsync(JsonSerializer.Serialize(body, RegistryJson.Options), context.RequestAborted);
    }

    public static Task WriteAsync(HttpContext context, RegistryException exception) =>
        WriteAsync(context, exception.Error, exception.Detail, exception.Status);

    public static Task WriteAsync(HttpContext context, RegistryGrainException exception) =>
        WriteAsync(context, exception.Error, exception.Detail, (HttpStatusCode)exception.Status);
}
