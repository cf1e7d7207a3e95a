using System.Net;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Grains.Abstractions;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Api.Http;

/// <summary>
/// Turns every failure into the spec's error shape: a refusal keeps its code and status, a malformed request (its
/// body included) a 400, a cluster or storage that cannot be reached a 503 with Retry-After, and only a real fault
/// of ours a 500, the one case logged as an error.
/// </summary>
public sealed class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        context.Request.Body = new ClientBodyStream(context.Request.Body);
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
            switch (CauseOf(e))
            {
                case RegistryException registry:
                    await ErrorResponse.WriteAsync(context, registry);
                    break;
                case RegistryGrainException grain:
                    await ErrorResponse.WriteAsync(context, grain);
                    break;
                case BadHttpRequestException bad:
                    // Kestrel's verdicts on the request, and bodies that could not be read: shorter than their
                    // Content-Length, badly chunked, size limits.
                    logger.LogDebug("Request {Method} {Path} was malformed: {Message}", context.Request.Method, context.Request.Path, bad.Message);
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

    /// <summary>
    /// What the client needs to hear about: the refusal inside an activation failure (grain state that cannot be read
    /// surfaces wrapped by the runtime), and the client's unreadable body inside whatever a storage driver wrapped it
    /// in (an S3 upload reports it as its own network failure).
    /// </summary>
    private static Exception CauseOf(Exception e) => e switch
    {
        OrleansException { InnerException: RegistryGrainException inner } => inner,
        _ => UnreadableBody(e) ?? e,
    };

    private static BadHttpRequestException? UnreadableBody(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is BadHttpRequestException bad)
            {
                return bad;
            }
        }

        return null;
    }
}
