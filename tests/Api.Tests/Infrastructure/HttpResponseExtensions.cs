namespace OrleansRegistry.Api.Tests.Infrastructure;

public static class HttpResponseExtensions
{
    /// <summary>A response or content header's value, its lines joined by ", "; null when absent.</summary>
    public static string? Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;

    /// <summary>The Location header exactly as sent (a path, for this registry).</summary>
    public static string Location(this HttpResponseMessage response) =>
        response.Headers.Location?.OriginalString ?? throw new Xunit.Sdk.XunitException("the response has no Location header");

    public static string? ContentType(this HttpResponseMessage response) => response.Content.Headers.ContentType?.MediaType;

    /// <summary>The target of a <c>Link: &lt;url&gt;; rel="next"</c> header, or null when there is none.</summary>
    public static string? NextPageLink(this HttpResponseMessage response)
    {
        var link = response.Header("Link");
        if (link is null)
        {
            return null;
        }

        Assert.StartsWith("<", link);
        Assert.EndsWith(">; rel=\"next\"", link);
        return link[1..link.IndexOf('>')];
    }
}
