namespace OrleansRegistry.Api.Handlers;

/// <summary><c>GET /v2/</c>: tells clients that this is a registry speaking API version 2.</summary>
public static class BaseHandler
{
    public static Task GetAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = 2;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.WriteAsync("{}");
    }
}
