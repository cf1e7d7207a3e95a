using System.Net;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Api.Http;

/// <summary>
/// Turns every failure into the spec's error shape: a refusal keeps its code and status, a malformed request a
/// 400, a cluster or storage that cannot be reached a 503 with Retry-After, and only a real fault of ours a 500.
/// </summary>
public sealed class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (context.RequestAborted.IsCancellationRequested)
        {
            logger.LogInformation("Client went away during {Method} {Path}: {Message}", context.Request.Method, context.Request.Path, e.Message);
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            // Headers set before the failure stay: a 416 carries the Range or Content-Range that explains it.
            context.Response.ContentLength = null;
            // Grain state that cannot be read surfaces wrapped by the runtime (the activation failed); the refusal
            // inside is what the client needs to see.
            switch (e is OrleansException { InnerException: RegistryGrainException inner } ? inner : e)
            {
                case RegistryException registry:
                    await ErrorResponse.WriteAsync(context, registry);
                    break;
                case RegistryGrainException grain:
                    await ErrorResponse.WriteAsync(context, grain);
                    break;
                case BadHttpRequestException bad:
                    // Kestrel's own verdicts on the request: bodies shorter than Content-Length, size limits.
                    await ErrorResponse.WriteAsync(context, RegistryErrorCode.SizeInvalid, bad.Message, (HttpStatusCode)bad.StatusCode);
                    break;
                case TimeoutException or OrleansMessageRejectionException or SiloUnavailableException or Orleans.Runtime.Messaging.ConnectionFailedException or GatewayTooBusyException:
                    logger.LogWarning(e, "The cluster did not answer {Method} {Path}", context.Request.Method, context.Request.Path);
                    await ErrorResponse.WriteAsync(context, RegistryErrorCode.Unavailable, "the registry cluster is unavailable; retry later", HttpStatusCode.ServiceUnavailable);
                    break;
                case StorageUnavailableException storage:
                    logger.LogWarning(storage, "Storage did not answer {Method} {Path}", context.Request.Method, context.Request.Path);
                    await ErrorResponse.WriteAsync(context, RegistryErrorCode.Unavailable, "blob storage is unavailable; retry later", HttpStatusCode.ServiceUnavailable);
                    break;
                default:
                    logger.LogError(e, "Request {Method} {Path} failed", context.Request.Method, context.Request.Path);
                    await ErrorResponse.WriteAsync(context, RegistryErrorCode.Unknown, null, HttpStatusCode.InternalServerError);
                    break;
            }
        }
        catch (Exception e)
        {
            // The response is under way; the only honest signal left is to cut the connection.
            logger.LogError(e, "Request {Method} {Path} failed after its response started", context.Request.Method, context.Request.Path);
            context.Abort();
        }
    }
}
