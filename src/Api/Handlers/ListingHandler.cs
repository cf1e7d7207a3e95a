using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OrleansRegistry.Api.Hosting;
using OrleansRegistry.Api.Http;
using OrleansRegistry.Application.Listing;
using OrleansRegistry.Core.Errors;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;

namespace OrleansRegistry.Api.Handlers;

/// <summary><c>tags/list</c> and <c>_catalog</c>: sorted, paged with <c>n</c> and <c>last</c>, linked to the next page.</summary>
public sealed class ListingHandler(ListingService listings, IOptions<ApiOptions> options)
{
    public async Task TagsAsync(HttpContext context, RepositoryName name)
    {
        var (limit, last) = ParsePaging(context.Request);
        var page = await listings.ListTagsAsync(name, last, limit);
        await WriteAsync(context, page.Items.Select(tag => tag.Value).ToList(), page.HasMore, $"/v2/{name}/tags/list", limit, name.Value, "tags");
    }

    public async Task CatalogAsync(HttpContext context)
    {
        var (limit, last) = ParsePaging(context.Request);
        var page = await listings.ListRepositoriesAsync(last, limit);
        await WriteAsync(context, page.Items.Select(repository => repository.Value).ToList(), page.HasMore, "/v2/_catalog", limit, null, "repositories");
    }

    private (int Limit, string? Last) ParsePaging(HttpRequest request)
    {
        var limit = RequestParsing.ParsePageSize(request, options.Value.MaxPageSize);
        var last = request.Query["last"].ToString();
        return (limit, last.Length > 0 ? last : null);
    }

    /// <summary>
    /// Writes <c>{"name":…,"tags":[…]}</c> or <c>{"repositories":[…]}</c> with a Utf8JsonWriter: a listing holds up to
    /// thousands of entries, which the serializer's general collection path would walk through interfaces.
    /// </summary>
    private static Task WriteAsync(HttpContext context, IReadOnlyList<string> items, bool hasMore, string path, int limit, string? name, string listProperty)
    {
        var response = context.Response;
        if (hasMore && items.Count > 0)
        {
            var next = Uri.EscapeDataString(items[^1]);
            response.Headers.Link = $"<{path}?n={limit}&last={next}>; rel=\"next\"";
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        var json = new ArrayBufferWriter<byte>(64 + items.Count * 32);
        using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = RegistryJson.Options.Encoder }))
        {
            writer.WriteStartObject();
            if (name is not null)
            {
                writer.WriteString("name", name);
            }

            writer.WriteStartArray(listProperty);
            for (var i = 0; i < items.Count; i++)
            {
                writer.WriteStringValue(items[i]);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        response.ContentLength = json.WrittenCount;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(json.WrittenMemory, context.RequestAborted).AsTask();
    }
}
