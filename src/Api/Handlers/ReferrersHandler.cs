using System.Text.Json;
using OrleansRegistry.Api.Http;
using OrleansRegistry.Application.Manifests;
using OrleansRegistry.Core.Manifests;
using OrleansRegistry.Core.Naming;
using OrleansRegistry.Grains.Abstractions;

namespace OrleansRegistry.Api.Handlers;

/// <summary>
/// <c>/v2/&lt;name&gt;/referrers/&lt;digest&gt;</c>: an image index of the manifests whose subject is the digest,
/// optionally filtered by artifact type. Never a 404: no referrers is an empty index.
/// </summary>
public sealed class ReferrersHandler(ManifestService manifests)
{
    public async Task GetAsync(HttpContext context, RepositoryName name, string digestText)
    {
        var digest = RequestParsing.ParseDigest(digestText);
        var artifactType = context.Request.Query["artifactType"].ToString() is { Length: > 0 } filter ? filter : null;
        var referrers = await manifests.GetReferrersAsync(name, digest, artifactType);
        var index = new
        {
            schemaVersion = 2,
            mediaType = MediaTypes.OciIndex,
            manifests = referrers.Select(m => new
            {
                mediaType = m.MediaType,
                digest = m.Digest.ToString(),
                size = m.Size,
                artifactType = m.ArtifactType,
                annotations = m.Annotations,
            }),
        };

        var response = context.Response;
        if (artifactType is not null)
        {
            response.Headers[RegistryHeaders.FiltersApplied] = "artifactType";
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = MediaTypes.OciIndex;
        var json = JsonSerializer.SerializeToUtf8Bytes(index, RegistryJson.Options);
        response.ContentLength = json.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await response.Body.WriteAsync(json, context.RequestAborted);
        }
    }
}
