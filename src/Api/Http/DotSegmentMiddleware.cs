using Microsoft.AspNetCore.Http.Features;
using OrleansRegistry.Core.Errors;

namespace OrleansRegistry.Api.Http;

/// <summary>
/// Refuses a request whose target has a dot segment (<c>/v2/team/app/../../other/…</c>, <c>%2E%2E</c>) with
/// <c>NAME_INVALID</c>, before anything authenticates, authorizes or routes it: Kestrel has resolved the segments
/// already, so the name the registry would act on is not the one the client wrote.
/// </summary>
public sealed class DotSegmentMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context) =>
        context.Features.Get<IHttpRequestFeature>()?.RawTarget is { } raw && RawRequestTarget.HasDotSegment(raw)
            ? throw new RegistryException(
                RegistryErrorCode.NameInvalid, $"the request target '{ClientText.Printable(raw)}' has a '.' or '..' path segment")
            : next(context);
}
