using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansRegistry.Api.Http;
using OrleansRegistry.Storage;

namespace OrleansRegistry.Api.Tests.Http;

/// <summary>
/// A body the client could not deliver stays the client's fault however deep a storage driver buries it: the S3
/// driver sends the body on to S3 and reports what breaks there as storage that is unavailable.
/// </summary>
public sealed class ErrorHandlingMiddlewareTests
{
    [Fact]
    public async Task An_unreadable_body_that_storage_reported_as_its_own_outage_is_the_client_s_400()
    {
        var unreadable = new BadHttpRequestException("Bad chunk size data.", StatusCodes.Status400BadRequest);
        var context = await RunAsync(new StorageUnavailableException(
            "S3 storage is unavailable: Error while copying content to a stream.", new HttpRequestException("Error while copying content to a stream.", unreadable)));

        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
        Assert.Equal("SIZE_INVALID", CodeOf(context));
        Assert.Null(context.Response.Headers.RetryAfter.FirstOrDefault());
    }

    [Fact]
    public async Task Storage_that_is_unavailable_for_its_own_reasons_is_still_a_503()
    {
        var context = await RunAsync(new StorageUnavailableException("S3 storage is unavailable", new HttpRequestException("connection refused")));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("UNAVAILABLE", CodeOf(context));
    }

    private static async Task<HttpContext> RunAsync(Exception failure)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().BuildServiceProvider() };
        context.Request.Method = HttpMethods.Patch;
        context.Response.Body = new MemoryStream();
        var middleware = new ErrorHandlingMiddleware(_ => throw failure, NullLogger<ErrorHandlingMiddleware>.Instance);

        await middleware.InvokeAsync(context);
        return context;
    }

    private static string? CodeOf(HttpContext context)
    {
        var body = ((MemoryStream)context.Response.Body).ToArray();
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("errors")[0].GetProperty("code").GetString();
    }
}
