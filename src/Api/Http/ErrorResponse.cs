using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Primitives;
using OrleansRegistry.Api.Observability;
using OrleansRegistry.Application.Observability;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Grains.Abstractions;

namespace OrleansRegistry.Api.Http;

/// <summary>Writes the spec's error body: <c>{"errors":[{"code","message","detail"}]}</c>.</summary>
public static class ErrorResponse
{
    private const string RetryAfterSeconds = "5";

    /// <param name="message">The words clients show the user; null: the code's usual ones.</param>
    public static Task WriteAsync(HttpContext context, RegistryErrorCode error, string? detail, HttpStatusCode status, string? message = null)
    {
        var response = context.Response;
        response.StatusCode = (int)status;
        context.RequestServices.GetService<RegistryMetrics>()?.ErrorAnswered(error.Code, (int)status);
        if (status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests && StringValues.IsNullOrEmpty(response.Headers.RetryAfter))
        {
            // Both pass (a cluster or a store out of reach, a client over its rate): say when to try again. A rate
            // limiter that knows when its window reopens has said so already.
            response.Headers.RetryAfter = RetryAfterSeconds;
        }

        // The body is small and whole before it is sent: a Content-Length tells the client where it ends, which
        // chunked framing would only tell at the end. A HEAD gets the length its GET would have.
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new { errors = new[] { new { code = error.Code, message = message ?? error.Message, detail } } }, RegistryJson.Options);
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = body.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    public static Task WriteAsync(HttpContext context, RegistryException exception)
    {
        if (exception.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return WriteAsync(context, exception.Error, exception.Detail, exception.Status);
    }

    public static Task WriteAsync(HttpContext context, RegistryGrainException exception) =>
        WriteAsync(context, exception.Error, exception.Detail, (HttpStatusCode)exception.Status, exception.ClientMessage);
}
